import type { Scope } from '../policy/types.js';
import type { GitHubRunner, RunnerLabel } from '../plan/observed.js';
import type { ExpiringToken, Secret } from '../util/secret.js';

/** What Lanekeeper needs from GitHub's self-hosted runner API, in domain words. */
export interface GitHubRunners {
  /** Every runner of the scope, paginated 100 per page. */
  listRunners(scope: Scope): Promise<GitHubRunner[]>;
  /** `null` when GitHub answers 404. */
  getRunner(scope: Scope, runnerId: number): Promise<GitHubRunner | null>;
  /** Idempotent: a runner that is already gone is not an error. */
  deleteRunner(scope: Scope, runnerId: number): Promise<void>;
  createRegistrationToken(scope: Scope): Promise<ExpiringToken>;
  generateJitConfig(
    scope: Scope,
    request: { name: string; runnerGroupId: number; labels: string[]; workFolder?: string },
  ): Promise<{ runner: GitHubRunner; encodedJitConfig: Secret }>;
  addLabels(scope: Scope, runnerId: number, labels: string[]): Promise<RunnerLabel[]>;
  setLabels(scope: Scope, runnerId: number, labels: string[]): Promise<RunnerLabel[]>;
  removeLabel(scope: Scope, runnerId: number, label: string): Promise<RunnerLabel[]>;
  /** The names of an organisation's runner groups (`Default` included); repositories have only `Default`. */
  listRunnerGroups(org: string): Promise<string[]>;
  /** An organisation's runner groups with who may send jobs to them. */
  listRunnerGroupAccess(org: string): Promise<RunnerGroupAccess[]>;
  /** Full names (`owner/repo`) of the repositories a `selected` runner group admits. */
  listRunnerGroupRepositories(org: string, groupId: number): Promise<string[]>;
}

/** Who may use an organisation's runner group: GitHub's `runner-groups-org` access fields. */
export interface RunnerGroupAccess {
  readonly id: number;
  readonly name: string;
  /** `all`, `selected` or `private` repositories of the organisation. */
  readonly visibility: string;
  readonly allowsPublicRepositories: boolean;
  readonly restrictedToWorkflows: boolean;
  /** `owner/repo/.github/workflows/file.yml@ref`, in force only when `restrictedToWorkflows`. */
  readonly selectedWorkflows: readonly string[];
}

/** Evidence of one GitHub call, for the audit record (never carries a token). */
export interface GitHubCallEvidence {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly requestId: string | null;
  readonly durationMs: number;
}

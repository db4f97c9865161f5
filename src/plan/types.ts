import type { ScopeKey } from '../policy/types.js';
import type { RunnerLabel } from './observed.js';

export const SHAPES = [
  'absent',
  'github_only',
  'local_service_only',
  'supervised_active',
  'supervised_inactive',
  'mismatched_labels',
  'version_drift',
  'unknown_conflict',
] as const;
export type Shape = (typeof SHAPES)[number];

export const ACTIONS = ['noop', 'create', 'adopt', 'reconcile', 'restart', 'remove'] as const;
export type Action = (typeof ACTIONS)[number];

export const BLOCKER_CODES = [
  'scope_not_allowlisted',
  'host_unknown',
  'host_not_approved',
  'root_not_allowlisted',
  'service_user_not_allowed',
  'managed_label_missing',
  'unmanaged_runner_exists',
  'duplicate_lane_name',
  'unsafe_lane_name',
  'path_traversal',
  'unit_mismatch',
  'service_user_mismatch',
  'stale_state',
  'baseline_not_ready',
  'observation_failed',
  'runner_version_drift',
  'runner_version_deprecated',
  'runner_group_missing',
  'service_user_shared',
  /** The host's ops runner was offline before host jobs were queued: the host was not inventoried. */
  'ops_runner_offline',
  /** Not a blocker of any lane: the policy waives the approval-gate check (a warning in every plan). */
  'approval_gate_waived',
] as const;
export type BlockerCode = (typeof BLOCKER_CODES)[number];

export interface Blocker {
  readonly code: BlockerCode;
  readonly message: string;
  /** What a person does to clear it. */
  readonly fix: string;
  /** YAML path in the policy, when the blocker comes from the policy. */
  readonly path?: string | undefined;
}

/**
 * The fixed vocabulary of apply steps. Each step is carried out by exactly one port call
 * (GitHub, the privileged helper, or the service-user runner commands).
 */
export const STEP_KINDS = [
  'lease.acquire',
  'github.cordon',
  'drain.wait',
  'github.delete-runner',
  'host.stop',
  'host.disable',
  'runner.unconfigure',
  'runner.prepare-directory',
  'runner.configure',
  'host.install-unit',
  'host.daemon-reload',
  'host.enable-now',
  'host.restart',
  'host.remove-unit',
  'runner.remove-directory',
  'github.set-labels',
  'verify.gates',
  'lease.release',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface Step {
  readonly kind: StepKind;
  /** One line a person reads in the log and the summary. */
  readonly description: string;
  /** The step needs a registration or remove token from GitHub. */
  readonly needsToken?: 'registration' | undefined;
}

export interface LanePlan {
  readonly lane: string;
  readonly path: string;
  readonly host: string;
  readonly scope: ScopeKey;
  readonly ensure: 'present' | 'absent';
  readonly shape: Shape;
  readonly action: Action;
  /** Why this action, in one sentence. */
  readonly reason: string;
  readonly steps: readonly Step[];
  readonly blockers: readonly Blocker[];
  readonly status: 'ready' | 'blocked';
  /** GitHub runner id when one is registered under the lane's name. */
  readonly runnerId: number | null;
  /**
   * sha256 of the observed facts this lane's plan was built from (its runner, its host lane,
   * the host's baseline, listing errors), volatile fields left out. Apply compares it per lane,
   * so a job on one host is not refused because another host changed meanwhile.
   */
  readonly basisDigest: string;
}

/** A runner in a policy scope that carries no managed label: observed, reported, never touched. */
export interface ForeignRunner {
  readonly scope: ScopeKey;
  readonly id: number;
  readonly name: string;
  readonly status: 'online' | 'offline';
  readonly labels: readonly RunnerLabel[];
  readonly shape: 'foreign';
  readonly action: 'none';
}

export interface PlanCounts {
  readonly lanes: number;
  readonly ready: number;
  readonly blocked: number;
  readonly changes: number;
  readonly foreign: number;
  readonly byAction: Readonly<Record<Action, number>>;
}

export interface Plan {
  readonly schemaVersion: 1;
  readonly policyDigest: string;
  /** sha256 of the observed state minus its volatile fields. */
  readonly observedDigest: string;
  readonly lanes: readonly LanePlan[];
  readonly foreign: readonly ForeignRunner[];
  /** Directories, units (per host) and managed registrations (per scope) no lane claims: reported, never touched. */
  readonly unclaimed: readonly { readonly host: string; readonly kind: 'directory' | 'unit' | 'registration'; readonly name: string; readonly detail: string }[];
  /** Problems of the policy that do not belong to one lane. */
  readonly policyProblems: readonly Blocker[];
  /** Accepted risks the plan points out (present only when there is one): service users shared by lanes. */
  readonly warnings?: readonly PlanWarning[];
  readonly counts: PlanCounts;
  /** sha256 over the canonical JSON of everything above plus the observed state it was built from. */
  readonly digest: string;
}

/** A risk the policy accepts explicitly: it blocks nothing, and every plan says it. */
export interface PlanWarning {
  readonly code: 'service_user_shared' | 'ops_runner_group_open';
  readonly message: string;
  readonly path: string;
}

/** Status a plan may carry: never `completed`; only apply's completion gates can say that. */
export type PlanStatus = 'ready' | 'blocked';

export function confirmationPhrase(digest: string): string {
  return `apply ${digest.slice(0, 12)}`;
}

import type { LeaseProof } from '../host/lease-proof.js';
import type { GitHubCallEvidence, GitHubRunners } from '../github/port.js';
import type { HostAgent } from '../host/port.js';
import type { Action, StepKind } from '../plan/types.js';
import type { Clock } from '../util/clock.js';

export type StepOutcome = 'ok' | 'failed' | 'skipped';

export interface StepResult {
  readonly kind: StepKind;
  readonly description: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly result: StepOutcome;
  readonly detail?: string | undefined;
  readonly error?: string | undefined;
  /** The GitHub calls this step made (request ids, status codes); never a token. */
  readonly github?: readonly GitHubCallEvidence[] | undefined;
}

export interface GateResult {
  readonly name: string;
  readonly ok: boolean;
  readonly evidence: string;
}

export type LaneOutcome = 'completed' | 'failed' | 'skipped';

export interface LaneResult {
  readonly lane: string;
  readonly host: string;
  readonly action: Action;
  readonly result: LaneOutcome;
  readonly fencingToken: number | null;
  /** The verified OIDC claims the host recorded with the lease (a host with a trust section). */
  readonly leaseProof?: LeaseProof | undefined;
  readonly steps: readonly StepResult[];
  readonly gates: readonly GateResult[];
  readonly failure?: { readonly step: StepKind | 'gates'; readonly message: string; readonly recovery: string } | undefined;
}

/** What apply sees of the world: the ports, time, and where progress goes. */
export interface ApplyDeps {
  readonly github: GitHubRunners;
  readonly host: HostAgent;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  /** A progress line for the log. */
  readonly log: (line: string) => void;
  /** Every token GitHub hands out goes here first (core.setSecret in the action). */
  readonly onSecret: (value: string) => void;
  /** `https://github.com` or the GHES server URL, for `config.sh --url`. */
  readonly serverUrl: string;
  readonly timing: ApplyTiming;
  /** Every GitHub call made so far, when the adapter keeps evidence (OctokitGitHubRunners does). */
  readonly evidence?: (() => readonly GitHubCallEvidence[]) | undefined;
}

export interface ApplyTiming {
  readonly leaseTtlSeconds: number;
  /** How often drain and gates poll. */
  readonly pollMs: number;
  /** How long gates may take to pass after a mutation (the runner coming online). */
  readonly gateTimeoutMs: number;
}

export const DEFAULT_TIMING: ApplyTiming = { leaseTtlSeconds: 120, pollMs: 2000, gateTimeoutMs: 120_000 };

/**
 * Observed state: what inventory found on GitHub and on the hosts. Adapters fill these types;
 * the planner reads them. Serialised as the observed-state JSON (`schemaVersion: 1`).
 *
 * Fields listed in `VOLATILE_OBSERVED_FIELDS` (src/plan/digest.ts) change without the lane
 * changing (timestamps, PIDs, restart counters, measured figures) and are left out of the digest.
 */
import type { ScopeKey } from '../policy/types.js';

export interface RunnerLabel {
  readonly name: string;
  /** `read-only` labels (self-hosted, Linux, X64) are set by the runner; `custom` ones by us. */
  readonly type: 'read-only' | 'custom';
}

export interface GitHubRunner {
  readonly id: number;
  readonly name: string;
  readonly status: 'online' | 'offline';
  readonly busy: boolean;
  readonly os: string;
  readonly labels: readonly RunnerLabel[];
  readonly runnerGroupId?: number | undefined;
}

export interface GitHubScopeObservation {
  readonly scope: ScopeKey;
  /** Present when the scope could not be listed; the planner then blocks every lane in it. */
  readonly error?: string | undefined;
  readonly runners: readonly GitHubRunner[];
  /** The organisation's runner group names, when the inventory listed them (repositories have only Default). */
  readonly runnerGroups?: readonly string[] | undefined;
}

/** `.runner` as config.sh writes it, the fields we compare. */
export interface RunnerIdentity {
  readonly agentId: number | null;
  readonly agentName: string;
  readonly gitHubUrl: string;
}

export type UnitFileState = 'absent' | 'enabled' | 'disabled' | 'static' | 'masked' | 'linked' | 'other';

export interface UnitObservation {
  readonly name: string;
  readonly fileState: UnitFileState;
  /** systemd ActiveState: active, inactive, failed, activating, deactivating, reloading. */
  readonly activeState: string;
  readonly subState: string;
  /** The unit file carries Lanekeeper's marker (it was rendered by Lanekeeper). */
  readonly renderedByLanekeeper: boolean;
  /** The unit file is byte-identical to what Lanekeeper would render for this lane now. */
  readonly matchesRendered: boolean;
  readonly mainPid: number | null;
  readonly mainPidUser: string | null;
  readonly restarts: number;
  /**
   * How the unit's main process (the runner's listener) last ended, reported while the unit is
   * not running: `exited` with the listener's return code (1 terminated, e.g. the registration
   * was deleted; 7 a deprecated version) or `killed`/`dumped` with the signal number. Absent in
   * observations from older helpers.
   */
  readonly lastExit?: UnitLastExit | null | undefined;
}

export interface UnitLastExit {
  readonly code: 'exited' | 'killed' | 'dumped';
  readonly status: number;
  /** systemd's Result: success, exit-code, signal, core-dump, timeout, ... */
  readonly result: string;
}

export interface HostLaneObservation {
  readonly lane: string;
  readonly directory: string;
  readonly directoryExists: boolean;
  /** The directory holds the runner distribution (config.sh and run.sh). */
  readonly runnerInstalled: boolean;
  readonly identity: RunnerIdentity | null;
  readonly credentialsPresent: boolean;
  readonly runnerVersion: string | null;
  readonly unit: UnitObservation;
  /** A Runner.Worker process (a job) runs for this lane. */
  readonly workerRunning: boolean;
  /** A Runner.Listener for this directory runs outside the lane's unit (started by hand, by svc.sh, by a job). */
  readonly unsupervisedListener: { readonly pid: number; readonly user: string } | null;
}

export interface BaselineCheck {
  readonly id: 'service-user' | 'disk-space' | 'runner-dependencies' | 'docker-credential-isolation' | 'helper';
  /** What the check is about: a user, a root, a lane. */
  readonly subject: string;
  readonly ok: boolean;
  readonly evidence: string;
  /** Raw figure behind the check (free bytes, ...); volatile, not part of the digest. */
  readonly measured?: number | undefined;
}

export interface UnclaimedItem {
  readonly kind: 'directory' | 'unit';
  readonly name: string;
  readonly detail: string;
}

export interface HostObservation {
  readonly host: string;
  /** Present when the host could not be inventoried; the planner then blocks its lanes. */
  readonly error?: string | undefined;
  readonly lanes: Readonly<Record<string, HostLaneObservation>>;
  readonly unclaimed: readonly UnclaimedItem[];
  readonly baseline: readonly BaselineCheck[];
}

export interface ObservedState {
  readonly schemaVersion: 1;
  readonly observedAt: string;
  readonly github: readonly GitHubScopeObservation[];
  readonly hosts: Readonly<Record<string, HostObservation>>;
  /**
   * Risks seen while observing that block nothing, carried into every plan's warnings: a runner
   * group of the ops runners that admits more than the ops repository and the reusable workflow.
   */
  readonly warnings?: readonly ObservedWarning[] | undefined;
}

export interface ObservedWarning {
  readonly code: 'ops_runner_group_open';
  /** Where the risk sits, e.g. `github.org:acme.runnerGroups.lanekeeper-ops.visibility`. */
  readonly path: string;
  readonly message: string;
}

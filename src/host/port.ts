import type { HostObservation } from '../plan/observed.js';
import type { Secret } from '../util/secret.js';
import type { LeaseProof } from './lease-proof.js';

/** The lane coordinates every helper verb re-validates against the host config. */
export interface LaneRef {
  readonly lane: string;
  readonly root: string;
  readonly user: string;
  readonly unit: string;
}

export interface Lease {
  readonly lane: string;
  readonly holder: string;
  /** Strictly increasing per lane, never reused, survives restarts. */
  readonly fencingToken: number;
  readonly expiresAt: string;
  /** The verified claims of the apply job that took the lease (helper with a trust section). */
  readonly proof?: LeaseProof | undefined;
}

/** What the runner's own scripts are given to register a lane (token by environment only). */
export interface RunnerRegistration {
  readonly url: string;
  readonly token: Secret;
  readonly name: string;
  readonly labels: readonly string[];
  readonly runnerGroup?: string | undefined;
}

/**
 * One host, as Lanekeeper may touch it: one method per privileged helper verb, plus the runner
 * commands run as the lane's service user. Mutating calls carry the lane lease's fencing token;
 * the helper refuses a token lower than the lease's current one.
 */
export interface HostAgent {
  readonly host: string;
  /** Host inventory for the given lanes (verb `status`); never mutates. */
  status(lanes: readonly LaneRef[]): Promise<HostObservation>;
  leaseAcquire(lane: LaneRef, holder: string, ttlSeconds: number): Promise<Lease>;
  /** Extends an held lease (same token); fails when another holder took over. */
  leaseRenew(lane: LaneRef, lease: Lease, ttlSeconds: number): Promise<Lease>;
  leaseRelease(lane: LaneRef, lease: Lease): Promise<void>;
  installOrUpdateUnit(lane: LaneRef, fencingToken: number): Promise<{ changed: boolean }>;
  daemonReload(lane: LaneRef, fencingToken: number): Promise<void>;
  enableNow(lane: LaneRef, fencingToken: number): Promise<void>;
  restart(lane: LaneRef, fencingToken: number): Promise<void>;
  stop(lane: LaneRef, fencingToken: number): Promise<void>;
  disable(lane: LaneRef, fencingToken: number): Promise<void>;
  removeUnit(lane: LaneRef, fencingToken: number): Promise<void>;
  /** Creates `<root>/<lane>` from the runner distribution (helper, as root), owned by the service user, mode 0700. */
  prepareDirectory(lane: LaneRef, fencingToken: number): Promise<void>;
  /** `config.sh --unattended ...` as the service user, over freshly copied program files; the token goes by environment. */
  configureRunner(lane: LaneRef, fencingToken: number, registration: RunnerRegistration): Promise<void>;
  /**
   * `config.sh remove --local` as the service user, over freshly copied program files: deletes the
   * local registration files only. No token: the registration itself is deleted through the API.
   */
  unconfigureRunner(lane: LaneRef, fencingToken: number): Promise<void>;
  /** Removes a managed lane's `<root>/<lane>` (helper, as root). */
  removeDirectory(lane: LaneRef, fencingToken: number): Promise<void>;
}

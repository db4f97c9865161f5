import type { LeaseProof } from '../host/lease-proof.js';
import type { HostAgent, LaneRef, Lease } from '../host/port.js';
import { LeaseError } from './errors.js';

/**
 * Holds a lane lease while apply works: renews it at a third of its lifetime, so a long drain
 * does not lose it, and remembers when renewal failed so no further mutation is attempted.
 */
export class LeaseKeeper {
  #lease: Lease | null = null;
  #timer: NodeJS.Timeout | null = null;
  #lost: string | null = null;
  #lastToken: number | null = null;
  #proof: LeaseProof | null = null;
  #renewing = false;

  constructor(
    private readonly host: HostAgent,
    private readonly ref: LaneRef,
    private readonly holder: string,
    private readonly ttlSeconds: number,
  ) {}

  async acquire(): Promise<Lease> {
    try {
      this.#lease = await this.host.leaseAcquire(this.ref, this.holder, this.ttlSeconds);
      this.#lastToken = this.#lease.fencingToken;
      this.#proof = this.#lease.proof ?? null;
    } catch (e) {
      throw new LeaseError(this.ref.lane, `could not take the lease on lane ${this.ref.lane}: ${(e as Error).message}`);
    }
    const every = Math.max(1000, (this.ttlSeconds * 1000) / 3);
    this.#timer = setInterval(() => void this.renew(), every);
    this.#timer.unref();
    return this.#lease;
  }

  private async renew(): Promise<void> {
    if (!this.#lease || this.#lost || this.#renewing) return;
    this.#renewing = true;
    try {
      this.#lease = await this.host.leaseRenew(this.ref, this.#lease, this.ttlSeconds);
    } catch (e) {
      // A passing failure (a timeout, a busy lock) is tried again at the next tick; the lease is
      // lost when another holder has it, or when it has expired without a renewal.
      const conflict = (e as { isLeaseConflict?: boolean }).isLeaseConflict === true;
      const expired = Date.parse(this.#lease.expiresAt) <= Date.now();
      if (conflict || expired) this.#lost = (e as Error).message;
    } finally {
      this.#renewing = false;
    }
  }

  /** The current fencing token; throws when the lease was never taken or has been lost. */
  token(): number {
    if (!this.#lease) throw new LeaseError(this.ref.lane, `no lease held on lane ${this.ref.lane}`);
    if (this.#lost) throw new LeaseError(this.ref.lane, `the lease on lane ${this.ref.lane} was lost: ${this.#lost}`);
    return this.#lease.fencingToken;
  }

  /** The token this keeper held last, also after release (for the audit record). */
  get fencingToken(): number | null {
    return this.#lastToken;
  }

  /** What the helper verified of this job when it granted the lease (for the audit record). */
  get proof(): LeaseProof | null {
    return this.#proof;
  }

  async release(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const lease = this.#lease;
    this.#lease = null;
    if (lease && !this.#lost) await this.host.leaseRelease(this.ref, lease);
  }
}

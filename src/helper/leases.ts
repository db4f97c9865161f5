/**
 * Lane leases with fencing tokens, kept under `<stateDirectory>/leases/`:
 *   <lane>.json   the current lease { lane, holder, fencingToken, expiresAt }
 *   <lane>.token  the last token ever issued for the lane; it survives lease removal and
 *                 restarts, so a token is never issued twice
 *   <lane>.lock/  an exclusive lock: mkdir is atomic across processes
 * Every read-modify-write happens under the lock, and files are replaced by rename.
 */
import { mkdirSync, readFileSync, rmdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { LeaseSchema } from '../host/helper-protocol.js';
import type { LeaseProof } from '../host/lease-proof.js';
import type { Lease } from '../host/port.js';
import { HelperFailure } from './failure.js';
import { ensurePublicStateDirectory, writePublicJson } from './public-state.js';

const LOCK_WAIT_MS = 10_000;
/** A lock older than this belongs to a helper that died mid-way (every holder finishes in well under a second). */
const STALE_LOCK_MS = 30_000;

export interface LeaseStore {
  readonly dir: string;
  readonly now: () => number;
}

export function leaseStore(stateDirectory: string, now: () => number = Date.now): LeaseStore {
  return { dir: join(stateDirectory, 'leases'), now };
}

export interface AcquireResult {
  readonly lease: Lease;
  readonly renewed: boolean;
}

/**
 * Takes the lane's lease for `holder`, or renews it when the holder still holds it (same token).
 * With `renewToken`, only a renewal of exactly that lease is accepted.
 */
export function acquireLease(store: LeaseStore, lane: string, holder: string, ttlSeconds: number, renewToken?: number, proof?: LeaseProof): AcquireResult {
  // lane-runner, run as a lane's user, reads the lease to check the fencing token it is given.
  ensurePublicStateDirectory(store.dir);
  return withLock(store, lane, () => {
    const now = store.now();
    const current = readLease(store, lane);
    const live = current !== null && Date.parse(current.expiresAt) > now;
    const expiresAt = new Date(now + ttlSeconds * 1000).toISOString();
    if (live && current.holder === holder) {
      if (renewToken !== undefined && renewToken !== current.fencingToken) {
        throw staleToken(lane, renewToken, current.fencingToken);
      }
      const lease = { ...current, expiresAt };
      writePublicJson(leasePath(store, lane), lease);
      return { lease, renewed: true };
    }
    if (live) {
      throw new HelperFailure('LEASE_HELD', `lane ${lane} is leased to ${current.holder} (token ${current.fencingToken}) until ${current.expiresAt}`, 'Wait for that run to finish or for its lease to expire, then retry.');
    }
    if (renewToken !== undefined) {
      throw new HelperFailure('LEASE_EXPIRED', `the lease with token ${renewToken} on lane ${lane} expired or was released`, 'Acquire a new lease (without --fencing-token) and re-observe before mutating.');
    }
    const fencingToken = Math.max(readCounter(store, lane), current?.fencingToken ?? 0) + 1;
    writePublicJson(counterPath(store, lane), fencingToken);
    const lease: Lease = { lane, holder, fencingToken, expiresAt, ...(proof ? { proof } : {}) };
    writePublicJson(leasePath(store, lane), lease);
    return { lease, renewed: false };
  });
}

/** Releases the lease held with `fencingToken`; a lane with no lease is already released. */
export function releaseLease(store: LeaseStore, lane: string, holder: string, fencingToken: number): boolean {
  if (!dirExists(store.dir)) return false;
  return withLock(store, lane, () => {
    const current = readLease(store, lane);
    if (current === null) return false;
    if (current.fencingToken !== fencingToken || current.holder !== holder) throw staleToken(lane, fencingToken, current.fencingToken);
    rmSync(leasePath(store, lane), { force: true });
    return true;
  });
}

/**
 * Refuses unless `fencingToken` is the lane's current, unexpired lease. Checked under the lane
 * lock, which is not held while the verb then runs: a `stop` may take minutes, and the holder
 * must be able to renew meanwhile. A takeover can only happen after the lease expires.
 */
export function assertFencingToken(store: LeaseStore, lane: string, fencingToken: number): void {
  if (!dirExists(store.dir)) throw noLease(lane);
  withLock(store, lane, () => {
    const current = readLease(store, lane);
    if (current === null) throw noLease(lane);
    if (current.fencingToken !== fencingToken) throw staleToken(lane, fencingToken, current.fencingToken);
    if (Date.parse(current.expiresAt) <= store.now()) {
      throw new HelperFailure('LEASE_EXPIRED', `the lease with token ${fencingToken} on lane ${lane} expired at ${current.expiresAt}`, 'Renew the lease before its TTL passes (lease-acquire with the same holder); re-acquire and re-plan now.');
    }
  });
}

export function readLease(store: LeaseStore, lane: string): Lease | null {
  let text: string;
  try {
    text = readFileSync(leasePath(store, lane), 'utf8');
  } catch {
    return null;
  }
  const parsed = LeaseSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new HelperFailure('INTERNAL', `lease file for ${lane} is corrupt`, `Inspect ${leasePath(store, lane)}; remove it only when no apply runs for the lane.`);
  return parsed.data;
}

function readCounter(store: LeaseStore, lane: string): number {
  try {
    const n = JSON.parse(readFileSync(counterPath(store, lane), 'utf8')) as unknown;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}

function withLock<T>(store: LeaseStore, lane: string, body: () => T): T {
  const lock = join(store.dir, `${lane}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock, { mode: 0o700 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      breakStaleLock(lock);
      if (Date.now() > deadline) {
        throw new HelperFailure('LOCK_TIMEOUT', `lane ${lane}'s lease lock is busy`, `Retry; if it persists with no helper running, remove ${lock} and ${lock}.break.`);
      }
      sleepMs(5 + Math.floor(Math.random() * 10));
    }
  }
  try {
    return body();
  } finally {
    rmdirSync(lock);
  }
}

/**
 * Breaks a lock whose holder died. Breakers take turns through a second lock
 * (`<lane>.lock.break`), and the breaker removes the lock only when it is still the very lock it
 * found stale (same inode, same change time): a lock another helper took in the meantime is a
 * different directory and is left alone. A breaker that dies leaves `.break` behind, and the
 * lane's lock then times out with a fix naming both paths: failing closed, never two holders.
 */
export function breakStaleLock(lock: string, now: () => number = Date.now, beforeBreak: () => void = () => {}): void {
  const found = statOrNull(lock);
  if (found === null || now() - found.mtimeMs < STALE_LOCK_MS) return;
  const guard = `${lock}.break`;
  try {
    mkdirSync(guard, { mode: 0o700 });
  } catch {
    return; // another helper is breaking it
  }
  try {
    beforeBreak();
    const still = statOrNull(lock);
    if (still !== null && still.ino === found.ino && still.ctimeMs === found.ctimeMs && still.mtimeMs === found.mtimeMs) rmdirSync(lock);
  } catch {
    // Gone already.
  } finally {
    rmdirSync(guard);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}


function dirExists(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const leasePath = (store: LeaseStore, lane: string) => join(store.dir, `${lane}.json`);
const counterPath = (store: LeaseStore, lane: string) => join(store.dir, `${lane}.token`);

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function noLease(lane: string): HelperFailure {
  return new HelperFailure('LEASE_MISSING', `no lease is held on lane ${lane}`, 'Acquire the lane lease (lease-acquire) and pass its --fencing-token.');
}

function staleToken(lane: string, given: number, current: number): HelperFailure {
  return new HelperFailure('STALE_FENCING_TOKEN', `fencing token ${given} is not lane ${lane}'s current token ${current}`, 'Another run took the lane over: stop, re-observe and re-plan.');
}

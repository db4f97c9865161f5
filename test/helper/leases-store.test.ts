// The lease store in process, with a hand-moved clock: renewal, expiry, takeover, release.
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { acquireLease, assertFencingToken, leaseStore, readLease, releaseLease, type LeaseStore } from '../../src/helper/leases.js';

let dir: string;
let nowMs: number;
let store: LeaseStore;
beforeEach(() => {
  dir = mkdtempSync('/var/tmp/lanekeeper-lease-test-');
  nowMs = Date.parse('2026-01-01T00:00:00Z');
  store = leaseStore(dir, () => nowMs);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('renewal keeps the token and moves the expiry', () => {
  const a = acquireLease(store, 'l', 'h1', 60);
  nowMs += 30_000;
  const b = acquireLease(store, 'l', 'h1', 60, a.lease.fencingToken);
  expect(b).toMatchObject({ renewed: true, lease: { fencingToken: a.lease.fencingToken, expiresAt: '2026-01-01T00:01:30.000Z' } });
});

test('a live lease refuses other holders; after expiry one takes over with a higher token', () => {
  const a = acquireLease(store, 'l', 'h1', 60);
  expect(() => acquireLease(store, 'l', 'h2', 60)).toThrow(expect.objectContaining({ code: 'LEASE_HELD' }));
  nowMs += 60_000;
  expect(() => assertFencingToken(store, 'l', a.lease.fencingToken)).toThrow(expect.objectContaining({ code: 'LEASE_EXPIRED' }));
  expect(() => acquireLease(store, 'l', 'h1', 60, a.lease.fencingToken)).toThrow(expect.objectContaining({ code: 'LEASE_EXPIRED' }));
  const b = acquireLease(store, 'l', 'h2', 60);
  expect(b.lease.fencingToken).toBe(a.lease.fencingToken + 1);
  expect(() => assertFencingToken(store, 'l', a.lease.fencingToken)).toThrow(expect.objectContaining({ code: 'STALE_FENCING_TOKEN' }));
  expect(() => releaseLease(store, 'l', 'h1', a.lease.fencingToken)).toThrow(expect.objectContaining({ code: 'STALE_FENCING_TOKEN' }));
  assertFencingToken(store, 'l', b.lease.fencingToken);
});

test('release keeps the counter: the next lease gets a new token', () => {
  const a = acquireLease(store, 'l', 'h1', 60);
  expect(releaseLease(store, 'l', 'h1', a.lease.fencingToken)).toBe(true);
  expect(readLease(store, 'l')).toBeNull();
  expect(releaseLease(store, 'l', 'h1', a.lease.fencingToken)).toBe(false);
  expect(acquireLease(store, 'l', 'h1', 60).lease.fencingToken).toBe(a.lease.fencingToken + 1);
  expect(() => assertFencingToken(leaseStore(dir, () => nowMs), 'other', 1)).toThrow(expect.objectContaining({ code: 'LEASE_MISSING' }));
});

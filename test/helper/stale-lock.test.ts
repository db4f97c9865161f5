// Breaking a stale lease lock must never remove a lock another helper has just taken.
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { breakStaleLock } from '../../src/helper/leases.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a stale lock is broken', () => {
  dir = mkdtempSync('/var/tmp/lanekeeper-lock-');
  const lock = join(dir, 'a.lock');
  mkdirSync(lock);
  utimesSync(lock, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
  breakStaleLock(lock);
  expect(() => statSync(lock)).toThrow();
});

test('a lock taken by another helper between the stale check and the break survives', () => {
  dir = mkdtempSync('/var/tmp/lanekeeper-lock-');
  const lock = join(dir, 'a.lock');
  mkdirSync(lock);
  utimesSync(lock, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
  // Meanwhile: another helper breaks the stale lock and takes a fresh one of its own.
  breakStaleLock(lock, Date.now, () => {
    rmdirSync(lock);
    mkdirSync(lock);
  });
  expect(Date.now() - statSync(lock).mtimeMs).toBeLessThan(60_000);
});

test('a fresh lock is left alone', () => {
  dir = mkdtempSync('/var/tmp/lanekeeper-lock-');
  const lock = join(dir, 'a.lock');
  mkdirSync(lock);
  breakStaleLock(lock);
  expect(statSync(lock).isDirectory()).toBe(true);
});

// Lane leases through the helper process: one winner under contention, tokens never reused.
import { chownSync, chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeHelperFixture, type HelperFixture } from './fixture.js';

let fx: HelperFixture;
beforeAll(() => {
  fx = makeHelperFixture();
});
afterAll(() => fx.cleanup());

const acquire = (lane: string, holder: string, ttl = 600, extra: string[] = []) =>
  fx.run(['lease-acquire', ...fx.laneArgs(lane), '--holder', holder, '--ttl-seconds', String(ttl), ...extra]);
const tokenOf = (r: { reply: Record<string, unknown> }) => (r.reply.lease as { fencingToken: number }).fencingToken;

test('two concurrent lease-acquire for one lane: exactly one wins, 50 times over', async () => {
  const rounds = Array.from({ length: 50 }, (_, i) => `race-${i}`);
  for (let i = 0; i < rounds.length; i += 10) {
    await Promise.all(
      rounds.slice(i, i + 10).map(async (lane) => {
        const [a, b] = await Promise.all([acquire(lane, 'run-a'), acquire(lane, 'run-b')]);
        const winners = [a, b].filter((r) => r.reply.ok);
        const losers = [a, b].filter((r) => !r.reply.ok);
        expect(winners, lane).toHaveLength(1);
        expect(losers[0]?.reply.error?.code, lane).toBe('LEASE_HELD');
        expect(losers[0]?.exitCode, lane).toBe(4);
        expect(tokenOf(winners[0]!)).toBe(1);
      }),
    );
  }
}, 240_000);

test('the same holder renews with the same token; another holder is refused', async () => {
  const first = await acquire('renew', 'run-a');
  const again = await acquire('renew', 'run-a', 600, ['--fencing-token', String(tokenOf(first))]);
  expect(again.reply).toMatchObject({ ok: true, renewed: true, lease: { fencingToken: tokenOf(first), holder: 'run-a' } });
  const other = await acquire('renew', 'run-b');
  expect(other.reply.error?.code).toBe('LEASE_HELD');
});

test('tokens only ever grow: across release, expiry, takeover and a lost lease file', async () => {
  const lane = 'mono';
  const t1 = tokenOf(await acquire(lane, 'run-a'));
  expect((await fx.run(['lease-release', ...fx.laneArgs(lane), '--holder', 'run-a', '--fencing-token', String(t1)])).reply).toMatchObject({ ok: true, released: true });
  const t2 = tokenOf(await acquire(lane, 'run-a', 1));
  expect(t2).toBeGreaterThan(t1);
  await sleep(1200);
  // Expired: another holder takes over with a higher token, and the old holder's writes are refused.
  const t3 = tokenOf(await acquire(lane, 'run-b'));
  expect(t3).toBeGreaterThan(t2);
  const late = await fx.run(['stop', ...fx.laneArgs(lane), '--fencing-token', String(t2)]);
  expect(late.reply.error?.code).toBe('STALE_FENCING_TOKEN');
  const lateRenew = await acquire(lane, 'run-a', 600, ['--fencing-token', String(t2)]);
  expect(lateRenew.reply.error?.code).toBe('LEASE_HELD');
  // Even if the lease file is lost, the per-lane counter keeps tokens from being reused.
  rmSync(join(fx.stateDirectory, 'leases', `${lane}.json`));
  const t4 = tokenOf(await acquire(lane, 'run-c'));
  expect(t4).toBeGreaterThan(t3);
  expect(JSON.parse(readFileSync(join(fx.stateDirectory, 'leases', `${lane}.token`), 'utf8'))).toBe(t4);
});

test('a mutation under an expired lease is refused', async () => {
  const t = tokenOf(await acquire('expired', 'run-a', 1));
  await sleep(1200);
  const r = await fx.run(['daemon-reload', ...fx.laneArgs('expired'), '--fencing-token', String(t)]);
  expect(r.reply.error?.code).toBe('LEASE_EXPIRED');
  expect(r.exitCode).toBe(4);
});

test('install-or-update-unit writes the rendered unit once, and leaves foreign units alone', async () => {
  const lane = 'unit';
  mkdirSync(join(fx.root, lane), { mode: 0o700 });
  chownSync(join(fx.root, lane), 65534, 65534);
  mkdirSync(join(fx.root, lane, 'bin'));
  writeFileSync(join(fx.root, lane, 'bin', 'Runner.Listener'), '#!/bin/sh\n', { mode: 0o755 });
  const t = tokenOf(await acquire(lane, 'run-a'));
  const install = () => fx.run(['install-or-update-unit', ...fx.laneArgs(lane), '--fencing-token', String(t)]);
  expect((await install()).reply).toMatchObject({ ok: true, changed: true, unit: `lanekeeper-runner@${lane}.service` });
  expect((await install()).reply).toMatchObject({ ok: true, changed: false });
  const text = readFileSync(join(fx.unitDirectory, `lanekeeper-runner@${lane}.service`), 'utf8');
  expect(text).toContain(`User=${fx.user}`);
  expect(text).toContain(`WorkingDirectory=${fx.root}/${lane}\n`);
  expect(text).toContain(`exec ./bin/Runner.Listener run --startuptype service'\n`);

  const foreign = 'foreign';
  mkdirSync(join(fx.root, foreign));
  mkdirSync(join(fx.root, foreign, 'bin'));
  writeFileSync(join(fx.root, foreign, 'bin', 'Runner.Listener'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(fx.unitDirectory, `lanekeeper-runner@${foreign}.service`), '[Service]\nExecStart=/bin/true\n');
  const tf = tokenOf(await acquire(foreign, 'run-a'));
  const before = fx.snapshot();
  const r = await fx.run(['install-or-update-unit', ...fx.laneArgs(foreign), '--fencing-token', String(tf)]);
  expect(r.reply.error?.code).toBe('UNIT_NOT_MANAGED');
  expect(fx.snapshot()).toBe(before);
});

test('install-or-update-unit needs the lane directory prepared', async () => {
  const t = tokenOf(await acquire('bare', 'run-a'));
  const r = await fx.run(['install-or-update-unit', ...fx.laneArgs('bare'), '--fencing-token', String(t)]);
  expect(r.reply.error?.code).toBe('NOT_FOUND');
  expect(r.exitCode).toBe(3);
});

test('install-or-update-unit refuses a listener, bin directory or lane directory another user could have written', async () => {
  for (const [lane, prepare] of [
    ['writable', (dir: string) => chmodSync(join(dir, 'bin', 'Runner.Listener'), 0o777)],
    ['foreign-owner', (dir: string) => chownSync(join(dir, 'bin', 'Runner.Listener'), 4242, 4242)],
    ['open-bin', (dir: string) => chmodSync(join(dir, 'bin'), 0o777)],
    ['open-dir', (dir: string) => chmodSync(dir, 0o777)],
  ] as const) {
    const dir = join(fx.root, lane);
    mkdirSync(join(dir, 'bin'), { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    chownSync(dir, 65534, 65534);
    writeFileSync(join(dir, 'bin', 'Runner.Listener'), '#!/bin/sh\n', { mode: 0o755 });
    prepare(dir);
    const t = tokenOf(await acquire(lane, 'run-a'));
    const before = fx.snapshot();
    const r = await fx.run(['install-or-update-unit', ...fx.laneArgs(lane), '--fencing-token', String(t)]);
    expect(r.reply.error?.code, lane).toBe('UNSAFE_OWNERSHIP');
    expect(r.reply.error?.message, lane).toMatch(/not group- or world-writable|with mode 0700/);
    expect(fx.snapshot()).toBe(before);
  }
});

test('the host config is trusted only when root-owned and not group/world-writable', async () => {
  chmodSync(fx.configPath, 0o664);
  const groupWritable = await acquire('cfg', 'run-a');
  chmodSync(fx.configPath, 0o644);
  chownSync(fx.configPath, 65534, 65534);
  const notRoot = await acquire('cfg', 'run-a');
  chownSync(fx.configPath, 0, 0);
  renameSync(fx.configPath, `${fx.configPath}.away`);
  const missing = await fx.run(['lease-acquire', ...fx.laneArgs('cfg'), '--holder', 'a', '--ttl-seconds', '5']);
  renameSync(`${fx.configPath}.away`, fx.configPath);
  for (const r of [groupWritable, notRoot]) {
    expect(r.reply.error?.code).toBe('CONFIG_UNTRUSTED');
    expect(r.exitCode).toBe(6);
  }
  expect(missing.reply.error?.code).toBe('CONFIG_INVALID');
});

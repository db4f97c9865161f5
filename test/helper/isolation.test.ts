// The helper's isolation checks, through the helper process as the fixture runs it: the fixed
// host-config path, root-owned ancestors, the unit-name grammar, uid-0 aliases and the caller,
// lane directories made by root for one user, and the lane markers.
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { makeHelperFixture, type HelperFixture } from './fixture.js';

let fx: HelperFixture | undefined;
afterEach(() => fx?.cleanup());

function withDistribution(f: HelperFixture): HelperFixture {
  const dist = join(f.base, 'dist');
  mkdirSync(join(dist, 'bin'), { recursive: true });
  writeFileSync(join(dist, 'config.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(dist, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(dist, 'bin', 'Runner.Listener.deps.json'), '{}\n');
  return f;
}

const lease = async (f: HelperFixture, lane: string, user = f.user) => {
  const r = await f.run(['lease-acquire', ...f.laneArgs(lane, { user }), '--holder', 'h', '--ttl-seconds', '600']);
  return (r.reply.lease as { fencingToken: number }).fencingToken;
};

test('the root helper reads only its fixed host config: LANEKEEPER_HOST_CONFIG is not honoured', async () => {
  fx = makeHelperFixture();
  const other = join(fx.base, 'etc', 'other.json');
  writeFileSync(other, readFileSync(fx.configPath, 'utf8').replace('"test-host"', '"other-host"'), { mode: 0o644 });
  const r = await fx.run(['status', '--host', 'other-host'], { LANEKEEPER_HOST_CONFIG: other });
  expect(r.reply).toMatchObject({ ok: false, error: { code: 'HOST_MISMATCH', message: expect.stringContaining('test-host') } });
});

test('a host config under a directory others can write is untrusted, however deep', async () => {
  fx = makeHelperFixture();
  chmodSync(fx.base, 0o777);
  const r = await fx.run(['status']);
  expect(r.reply).toMatchObject({ ok: false, error: { code: 'CONFIG_UNTRUSTED' } });
  expect(r.exitCode).toBe(6);
});

test('a registration root whose ancestor or self is not root-owned and closed is refused', async () => {
  fx = makeHelperFixture();
  const parent = join(fx.root, '..');
  chmodSync(parent, 0o777);
  const open = await fx.run(['status', ...fx.laneArgs('a')]);
  expect(open.reply).toMatchObject({ ok: false, error: { code: 'UNSAFE_OWNERSHIP', message: expect.stringContaining(parent.replace(/\/srv\/runners\/\.\.$/, '/srv')) } });
  chmodSync(parent, 0o755);
  chownSync(fx.root, 65534, 65534);
  const owned = await fx.run(['status', ...fx.laneArgs('a')]);
  expect(owned.reply).toMatchObject({ ok: false, error: { code: 'UNSAFE_OWNERSHIP', message: expect.stringContaining('owned by uid 65534') } });
});

test('unit names follow one grammar and stay in the unit directory, whatever the host config pattern allows', async () => {
  fx = withDistribution(makeHelperFixture({ unitNamePattern: '^.*$' }));
  const token = await lease(fx, 'good');
  await fx.run(['prepare-directory', ...fx.laneArgs('good'), '--fencing-token', String(token)]);
  for (const unit of ['lanekeeper-runner@x/../../../pwned/y@good.service', 'lanekeeper-runner@good.service/../x@good.service', '../lanekeeper-runner@good.service', 'Lanekeeper@good.service', '-x@good.service']) {
    const before = fx.snapshot();
    const r = await fx.run(['install-or-update-unit', ...fx.laneArgs('good', { unit }), '--fencing-token', String(token)]);
    expect(r.reply, unit).toMatchObject({ ok: false, error: { code: expect.stringMatching(/UNIT_NAME_INVALID|SHELL_METACHARACTER/) } });
    expect(fx.snapshot(), unit).toBe(before);
  }
  expect(existsSync(join(fx.base, 'pwned'))).toBe(false);
});

test('a service user that is the helper\'s caller (SUDO_UID) is refused', async () => {
  fx = makeHelperFixture();
  const r = await fx.run(['status', ...fx.laneArgs('a')], { SUDO_UID: '65534' });
  expect(r.reply).toMatchObject({ ok: false, error: { code: 'USER_NOT_ALLOWED', message: expect.stringContaining('caller') } });
});

test('prepare-directory: root makes the lane directory from the distribution, the lane user\'s, mode 0700, and marks it managed', async () => {
  fx = withDistribution(makeHelperFixture());
  const token = await lease(fx, 'one');
  const r = await fx.run(['prepare-directory', ...fx.laneArgs('one'), '--fencing-token', String(token)]);
  expect(r.reply).toMatchObject({ ok: true, changed: true });
  const dir = lstatSync(join(fx.root, 'one'));
  expect([dir.uid, dir.mode & 0o777]).toEqual([65534, 0o700]);
  expect(lstatSync(join(fx.root, 'one', 'bin', 'Runner.Listener.deps.json')).uid).toBe(65534);
  const marker = lstatSync(join(fx.stateDirectory, 'lanes', 'one.json'));
  expect([marker.uid, marker.mode & 0o777]).toEqual([0, 0o644]);
  expect(JSON.parse(readFileSync(join(fx.stateDirectory, 'lanes', 'one.json'), 'utf8'))).toEqual({ lane: 'one', root: fx.root, user: 'nobody', uid: 65534 });
  // Lease files are readable by lane-runner (run as the lane's user), and nothing in them is secret.
  expect(lstatSync(join(fx.stateDirectory, 'leases', 'one.json')).mode & 0o777).toBe(0o644);
  const again = await fx.run(['prepare-directory', ...fx.laneArgs('one'), '--fencing-token', String(token)]);
  expect(again.reply).toMatchObject({ ok: true, changed: false });
  const stale = await fx.run(['prepare-directory', ...fx.laneArgs('one'), '--fencing-token', String(token + 1)]);
  expect(stale.reply).toMatchObject({ ok: false, error: { code: 'STALE_FENCING_TOKEN' } });
});

test('one identity per lane: a user that serves a managed lane is refused for another, unless the host config shares it', async () => {
  fx = withDistribution(makeHelperFixture());
  await fx.run(['prepare-directory', ...fx.laneArgs('first'), '--fencing-token', String(await lease(fx, 'first'))]);
  const second = await fx.run(['prepare-directory', ...fx.laneArgs('second'), '--fencing-token', String(await lease(fx, 'second'))]);
  expect(second.reply).toMatchObject({ ok: false, error: { code: 'USER_SHARED', message: expect.stringContaining('first') } });
  expect(existsSync(join(fx.root, 'second'))).toBe(false);
  fx.cleanup();

  fx = withDistribution(makeHelperFixture({ sharedServiceUsers: ['nobody'] }));
  await fx.run(['prepare-directory', ...fx.laneArgs('first'), '--fencing-token', String(await lease(fx, 'first'))]);
  const shared = await fx.run(['prepare-directory', ...fx.laneArgs('second'), '--fencing-token', String(await lease(fx, 'second'))]);
  expect(shared.reply).toMatchObject({ ok: true, changed: true });
});

test('remove-directory removes only a managed lane\'s directory, under its current token', async () => {
  fx = withDistribution(makeHelperFixture());
  mkdirSync(join(fx.root, 'byhand'), { mode: 0o700 });
  writeFileSync(join(fx.root, 'byhand', 'keep'), 'x');
  const byHand = await fx.run(['remove-directory', ...fx.laneArgs('byhand'), '--fencing-token', String(await lease(fx, 'byhand'))]);
  expect(byHand.reply).toMatchObject({ ok: false, error: { code: 'LANE_NOT_MANAGED' } });
  expect(existsSync(join(fx.root, 'byhand', 'keep'))).toBe(true);

  const token = await lease(fx, 'mine');
  await fx.run(['prepare-directory', ...fx.laneArgs('mine'), '--fencing-token', String(token)]);
  const elsewhere = await fx.run(['remove-directory', ...fx.laneArgs('mine', { user: 'ghost' }), '--fencing-token', String(token)]);
  expect(elsewhere.reply.ok).toBe(false);
  const removed = await fx.run(['remove-directory', ...fx.laneArgs('mine'), '--fencing-token', String(token)]);
  expect(removed.reply).toMatchObject({ ok: true, changed: true });
  expect(existsSync(join(fx.root, 'mine'))).toBe(false);
  expect(existsSync(join(fx.stateDirectory, 'lanes', 'mine.json'))).toBe(false);
});

test('prepare-directory copies only a distribution that is root\'s alone, with no link out of it', async () => {
  fx = withDistribution(makeHelperFixture());
  const token = await lease(fx, 'one');
  const dist = join(fx.base, 'dist');
  chmodSync(join(dist, 'run.sh'), 0o757);
  const writable = await fx.run(['prepare-directory', ...fx.laneArgs('one'), '--fencing-token', String(token)]);
  expect(writable.reply).toMatchObject({ ok: false, error: { code: 'UNSAFE_OWNERSHIP', message: expect.stringContaining('run.sh') } });
  chmodSync(join(dist, 'run.sh'), 0o755);
  symlinkSync(fx.outside, join(dist, 'bin', 'escape'));
  const linked = await fx.run(['prepare-directory', ...fx.laneArgs('one'), '--fencing-token', String(token)]);
  expect(linked.reply).toMatchObject({ ok: false, error: { code: 'PATH_ESCAPE', message: expect.stringContaining('escape') } });
  expect(existsSync(join(fx.root, 'one'))).toBe(false);
});

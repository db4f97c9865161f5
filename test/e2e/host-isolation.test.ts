// Host isolation on real systemd: a CI job runs as its lane's service user and the ops user runs
// workflow code; neither may act on another lane, leave the host config, or see a token meant
// for another lane. Each test plays the attacker, as that user, against the installed helper and
// lane-runner (docs/host-setup.md, "Threat model").
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LaneRef } from '../../src/host/port.js';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { Secret } from '../../src/util/secret.js';
import { helperBundle } from '../rig/helper-bundle.js';
import { bootLanekeeperHost, RIG_LANES, RIG_OPS_USER, rigLaneUser, type LanekeeperHost } from '../rig/lanekeeper-host.js';
import { eventually } from '../rig/probes.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LANE_RUNNER = '/usr/local/libexec/lanekeeper/lane-runner';

let sim: GitHubSimulator;
let host: LanekeeperHost;
const tokens: Record<string, number> = {};

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  host = await bootLanekeeperHost({
    log: (l) => console.log(l),
    serverUrl: sim.url,
    // `toor` becomes an alias of root below: the helper must refuse it by uid, not by name.
    hostConfig: { serviceUsers: [...RIG_LANES.map(rigLaneUser), 'toor'] },
  });
  await create('iso-a');
  await create('iso-b');
}, 600_000);
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

/** Runs a bash script as `user` inside the container. */
const as = (user: string, script: string, timeoutMs = 60_000) =>
  host.container.run({ argv: ['/usr/sbin/runuser', '-u', user, '--', '/bin/bash', '-c', script], timeoutMs });

function registration(name: string, token = sim.store.issueToken('registration', 'repo:acme/api').token) {
  return { url: `${sim.url}/acme/api`, token: new Secret(token), name, labels: ['lanekeeper-managed', 'api'] };
}

async function create(name: string): Promise<LaneRef> {
  const lane = host.lane(name);
  const { fencingToken } = await host.agent.leaseAcquire(lane, `iso-${name}`, 900);
  tokens[name] = fencingToken;
  await host.agent.prepareDirectory(lane, fencingToken);
  await host.agent.configureRunner(lane, fencingToken, registration(name));
  return lane;
}

test('each lane directory is its own user\'s, mode 0700, under a root-owned root: a job on lane A cannot touch lane B', async () => {
  expect((await host.container.sh('stat -c "%U %a" /srv/runners /srv/runners/iso-a /srv/runners/iso-b')).trim().split('\n')).toEqual([
    'root 755',
    'lk-iso-a 700',
    'lk-iso-b 700',
  ]);
  for (const attack of [
    'cat /srv/runners/iso-b/.credentials',
    'cat /srv/runners/iso-b/.credentials_rsaparams /srv/runners/iso-b/.runner',
    'echo "curl evil" >> /srv/runners/iso-b/run.sh',
    'ls /srv/runners/iso-b/_work /srv/runners/iso-b/_diag',
    'mv /srv/runners/iso-b /srv/runners/iso-b.gone',
    'mv /srv/runners/iso-a /srv/runners/iso-a.x',
    'mkdir /srv/runners/iso-new',
  ]) {
    const r = await as('lk-iso-a', attack);
    expect(r.exitCode, attack).not.toBe(0);
  }
  expect((await host.container.sh('ls /srv/runners')).trim().split('\n').sort()).toEqual(['iso-a', 'iso-b']);
});

test('the helper refuses a lane whose service user another managed lane runs as', async () => {
  const shared: LaneRef = { ...host.lane('iso-c'), user: rigLaneUser('iso-a') };
  const { fencingToken } = await host.agent.leaseAcquire(shared, 'iso-shared', 60);
  await expect(host.agent.prepareDirectory(shared, fencingToken)).rejects.toMatchObject({ code: 'USER_SHARED', detail: expect.stringContaining('iso-a') });
  await expect(host.agent.installOrUpdateUnit(shared, fencingToken)).rejects.toMatchObject({ code: expect.stringMatching(/USER_SHARED|NOT_FOUND/) });
  expect(await host.container.sh('ls /srv/runners')).not.toContain('iso-c');
  await host.agent.leaseRelease(shared, { lane: 'iso-c', holder: 'iso-shared', fencingToken, expiresAt: '' });
});

test('a registration token never shows in another lane user\'s view of /proc while config.sh runs', async () => {
  await host.container.sh('rm -f /tmp/stop-spy');
  // The spy proves first that it can read a token from a process of its own user, then looks at
  // every process's environment and command line until told to stop (bounded: 60 s).
  const spy = as(
    'lk-iso-a',
    `set +e
     ACTIONS_RUNNER_INPUT_TOKEN=SELFTEST sleep 5 & self=$!; sleep 0.2
     grep -qa SELFTEST /proc/$self/environ && echo selftest-ok
     rounds=0; end=$((SECONDS + 60))
     while [ ! -e /tmp/stop-spy ] && [ $SECONDS -lt $end ]; do
       for p in /proc/[0-9]*; do
         tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -a '^ACTIONS_RUNNER_INPUT_TOKEN=' | grep -v SELFTEST
         tr '\\0' ' ' < $p/cmdline 2>/dev/null | grep -ao 'AAAA[A-Z0-9]*'
       done
       rounds=$((rounds + 1))
     done
     kill $self 2>/dev/null; echo "rounds=$rounds"`,
    120_000,
  );
  await new Promise((r) => setTimeout(r, 1_000));
  const secret = sim.store.issueToken('registration', 'repo:acme/api').token;
  const lane = host.lane('iso-c');
  const { fencingToken } = await host.agent.leaseAcquire(lane, 'iso-iso-c', 900);
  tokens['iso-c'] = fencingToken;
  await host.agent.prepareDirectory(lane, fencingToken);
  await host.agent.configureRunner(lane, fencingToken, registration('iso-c', secret));
  await host.container.sh('touch /tmp/stop-spy');
  const seen = await spy;
  expect(seen.stdout).toContain('selftest-ok');
  expect(Number(/rounds=(\d+)/.exec(seen.stdout)?.[1])).toBeGreaterThan(0);
  expect(seen.stdout).not.toContain(secret);
  expect(seen.stdout).not.toContain('ACTIONS_RUNNER_INPUT_TOKEN=');
});

test('a config.sh planted by a job never receives a token: the program files are copied afresh first', async () => {
  const lane = host.lane('iso-b');
  // The job: forget the registration, plant code where config.sh and its helpers run.
  const steal = (file: string) => `printf '#!/bin/bash\\necho "$ACTIONS_RUNNER_INPUT_TOKEN" > /tmp/stolen-${file}\\n' > ${file}`;
  const planted = await as(
    'lk-iso-b',
    `cd /srv/runners/iso-b && rm -f .runner .credentials && ${steal('config.sh')} && ${steal('env.sh')} && chmod +x config.sh env.sh &&
     echo 'require("fs").writeFileSync("/tmp/stolen-mjs", process.env.ACTIONS_RUNNER_INPUT_TOKEN ?? "");' > bin/config.mjs`,
  );
  expect(planted.exitCode, planted.stderr).toBe(0);
  const secret = sim.store.issueToken('registration', 'repo:acme/api').token;
  await host.agent.configureRunner(lane, tokens['iso-b']!, registration('iso-b', secret));
  expect((await host.container.sh('ls /tmp/stolen-* 2>/dev/null || true')).trim()).toBe('');
  expect((await host.container.run({ argv: ['cmp', '/opt/lanekeeper/runner/config.sh', '/srv/runners/iso-b/config.sh'], timeoutMs: 10_000 })).exitCode).toBe(0);
  expect((await host.container.run({ argv: ['cmp', '/opt/lanekeeper/runner/bin/config.mjs', '/srv/runners/iso-b/bin/config.mjs'], timeoutMs: 10_000 })).exitCode).toBe(0);
  expect((await host.agent.status([lane])).lanes['iso-b']!.identity).toMatchObject({ agentName: 'iso-b' });
});

test('lane-runner refuses while another process of the lane user runs (it could rewrite the files in use)', async () => {
  const lane = host.lane('iso-b');
  await as('lk-iso-b', 'nohup sleep 60 >/dev/null 2>&1 &');
  try {
    await expect(host.agent.configureRunner(lane, tokens['iso-b']!, registration('iso-b'))).rejects.toMatchObject({ detail: expect.stringContaining('other processes of lk-iso-b run') });
  } finally {
    await host.container.sh('pkill -u lk-iso-b || true');
  }
});

test('lane-runner copies only a distribution that is root\'s alone: a writable file in it is refused', async () => {
  await host.container.sh('chmod o+w /opt/lanekeeper/runner/bin/config.mjs');
  try {
    await expect(host.agent.configureRunner(host.lane('iso-b'), tokens['iso-b']!, registration('iso-b'))).rejects.toMatchObject({ detail: expect.stringContaining("bin/config.mjs in the runner distribution is not root's alone") });
  } finally {
    await host.container.sh('chmod o-w /opt/lanekeeper/runner/bin/config.mjs');
  }
});

test('the ops user cannot run lane A\'s config.sh as user B, nor under a fencing token other than the lane\'s current one', async () => {
  const ops = host.container.runAs(RIG_OPS_USER);
  const laneRunner = (user: string, args: string[]) =>
    ops({ argv: ['sudo', '-n', '-u', user, '--', LANE_RUNNER, ...args], env: { ACTIONS_RUNNER_INPUT_TOKEN: 'x' }, timeoutMs: 30_000 });
  const crossed = await laneRunner('lk-iso-b', ['configure', '/srv/runners', 'iso-a', String(tokens['iso-a']), `${sim.url}/acme/api`, 'lanekeeper-managed']);
  expect(crossed.exitCode).toBe(2);
  expect(crossed.stderr).toContain('is managed under /srv/runners as lk-iso-a');
  for (const other of [tokens['iso-a']! + 1, tokens['iso-a']! + 7]) {
    const r = await laneRunner('lk-iso-a', ['unconfigure', '/srv/runners', 'iso-a', String(other)]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('is not lane iso-a\'s current token');
  }
  // An unmanaged directory (made by hand, no marker) is never removed, whatever the lease.
  await host.container.sh('install -d -m 0700 /srv/runners/iso-d && touch /srv/runners/iso-d/keep');
  const unmanaged = host.lane('iso-d');
  const lease = await host.agent.leaseAcquire(unmanaged, 'iso-d', 60);
  await expect(host.agent.removeDirectory(unmanaged, lease.fencingToken)).rejects.toMatchObject({ code: 'LANE_NOT_MANAGED' });
  await expect(host.agent.removeDirectory(host.lane('iso-a'), tokens['iso-a']! + 100)).rejects.toMatchObject({ code: 'STALE_FENCING_TOKEN' });
  expect(await host.container.sh('ls /srv/runners/iso-d /srv/runners/iso-a | grep -c keep || true')).toContain('1');
  await host.agent.leaseRelease(unmanaged, lease);
  await host.container.sh('rm -rf /srv/runners/iso-d');
});

test('status never follows a lane\'s directory swapped for a link into root-only files (bounded race)', async () => {
  await host.container.sh(`install -d -m 0700 /root/secret /root/secret/bin
    echo '{"agentId":1,"agentName":"root-secret","gitHubUrl":"https://secret"}' > /root/secret/.runner
    echo '{"libraries":{"Runner.Listener/9.9.9":{}}}' > /root/secret/bin/Runner.Listener.deps.json`);
  // The job swaps its own bin/ for a link to root's files and back, as fast as it can, and tries
  // to swap the lane directory itself (which the root-owned registration root forbids).
  const swapper = as(
    'lk-iso-a',
    `set +e; cd /srv/runners/iso-a; moved=0
     for i in $(seq 1 3000); do
       mv bin bin.real && ln -s /root/secret/bin bin && rm bin && mv bin.real bin
       mv /srv/runners/iso-a /srv/runners/iso-a.x 2>/dev/null && moved=$((moved + 1))
     done
     echo "moved=$moved"`,
    180_000,
  );
  const lane = host.lane('iso-a');
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    const o = (await host.agent.status([lane])).lanes['iso-a']!;
    seen.push(`${o.identity?.agentName ?? '-'} ${o.runnerVersion ?? '-'}`);
  }
  const out = await swapper;
  expect(out.stdout).toContain('moved=0');
  expect(seen.filter((s) => s.includes('root-secret') || s.includes('9.9.9'))).toEqual([]);
  await host.container.sh('test -d /srv/runners/iso-a/bin || mv /srv/runners/iso-a/bin.real /srv/runners/iso-a/bin');
});

test('a process named like another lane\'s runner, run by another user, counts for nothing', async () => {
  await as(
    'lk-iso-a',
    `(exec -a /srv/runners/iso-b/bin/Runner.Worker sleep 60) >/dev/null 2>&1 &
     (exec -a /srv/runners/iso-b/bin/Runner.Listener sleep 60) >/dev/null 2>&1 &
     sleep 0.3`,
  );
  try {
    const spoofed = await host.container.sh('ps -eo args= | grep -c "^/srv/runners/iso-b/bin/Runner" || true');
    expect(Number(spoofed.trim())).toBe(2);
    for (let i = 0; i < 5; i++) {
      const o = (await host.agent.status([host.lane('iso-b')])).lanes['iso-b']!;
      expect(o.workerRunning).toBe(false);
      expect(o.unsupervisedListener).toBeNull();
    }
  } finally {
    await host.container.sh('pkill -u lk-iso-a || true');
  }
});

test('the unclaimed scan reports a planted link without probing its target', async () => {
  // In its own lane directory, the job replaces the runner's marks by a link to a path that does
  // not exist: following it would tell whether any path exists on the host.
  await as('lk-iso-c', 'cd /srv/runners/iso-c && rm -f config.sh .runner && rm -f run.sh && ln -s /root/does-not-exist run.sh');
  const obs = await host.agent.status([]);
  expect(obs.unclaimed).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'directory', name: '/srv/runners/iso-c', detail: expect.stringContaining('run.sh') })]));
});

test('a service user with uid 0 is refused by uid, whatever its name', async () => {
  await host.container.sh('usermod -o -u 0 toor');
  const r = await host.helper(['status', '--lane', 'iso-d', '--root', '/srv/runners', '--user', 'toor', '--unit', 'lanekeeper-runner@iso-d.service']);
  expect(r.exitCode).toBe(2);
  expect(r.reply).toMatchObject({ ok: false, error: { code: 'USER_NOT_ALLOWED', message: expect.stringContaining('uid 0') } });
});

test('install-helper.sh refuses an ops user that is a service user, and a node for the #! line that is not root\'s', async () => {
  const staging = host.container.hostPath('/var/tmp/reinstall');
  mkdirSync(staging, { recursive: true });
  cpSync(helperBundle(), join(staging, 'index.js'));
  cpSync(join(REPO, 'scripts/install-helper.sh'), join(staging, 'install-helper.sh'));
  cpSync(join(REPO, 'scripts/lane-runner.sh'), join(staging, 'lane-runner.sh'));
  const install = (extra: string, ops: string) =>
    host.container.run({ argv: ['/bin/bash', '-c', `${extra} /var/tmp/reinstall/install-helper.sh --bundle /var/tmp/reinstall/index.js --ops-user ${ops}`], timeoutMs: 60_000 });
  const shared = await install('', 'lk-iso-a');
  expect(shared.exitCode).toBe(2);
  expect(shared.stderr).toContain('is both the ops user and a service user');
  await host.container.sh(`install -d -o ${RIG_OPS_USER} /opt/evil && cp /usr/bin/node /opt/evil/node && chown ${RIG_OPS_USER} /opt/evil/node`);
  const node = await install('PATH=/opt/evil:$PATH', RIG_OPS_USER);
  expect(node.exitCode).toBe(2);
  expect(node.stderr).toMatch(/node for the helper's #! line: \/opt\/evil.* is not owned by root/);
});

test('every lane of this file still has its own user and nothing else was created', async () => {
  const owners = await eventually(async () => (await host.container.sh('stat -c "%n %U" /srv/runners/*')).trim());
  expect(owners.split('\n')).toEqual(['/srv/runners/iso-a lk-iso-a', '/srv/runners/iso-b lk-iso-b', '/srv/runners/iso-c lk-iso-c']);
});

// What root does inside a directory a lane's user can write, and what lane-runner reads from one,
// on real systemd: a process of the lane's user races the helper's copy, chown and removal, and a
// job leaves a `.runner` behind that the runner would read differently from lane-runner's check
// (docs/host-setup.md, "Threat model").
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { Secret } from '../../src/util/secret.js';
import { bootLanekeeperHost, RIG_OPS_USER, type LanekeeperHost } from '../rig/lanekeeper-host.js';

const LANE_RUNNER = '/usr/local/libexec/lanekeeper/lane-runner';
const LANES = ['bnd-a', 'bnd-b', 'bnd-c'];

let sim: GitHubSimulator;
let host: LanekeeperHost;

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  host = await bootLanekeeperHost({ log: (l) => console.log(l), serverUrl: sim.url, extraLanes: LANES });
}, 600_000);
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

/** Starts a program as `user` inside the container, detached (a process the lane's user left running). */
const spawnAs = (user: string, script: string) =>
  host.container.sh(`/usr/sbin/runuser -u ${user} -- /bin/bash -c ${JSON.stringify(`nohup ${script} >/dev/null 2>&1 &`)}; sleep 0.5`);

test('prepare-directory never chowns outside the new lane directory while a process of the lane\'s user swaps a directory in it for a link (bounded race)', async () => {
  // A distribution directory with many entries (the real one has bin/ and externals/node20/*),
  // and a root-owned tree elsewhere with the same names: the target of the planted link.
  await host.container.sh(`
    install -d -m 0755 /opt/lanekeeper/runner/big/sub /var/canary/sub
    cd /opt/lanekeeper/runner/big/sub && for i in $(seq -w 0 1999); do : > f$i; done
    cd /var/canary/sub && for i in $(seq -w 0 1999); do : > f$i; done
    chmod -R go-w /opt/lanekeeper/runner /var/canary`);
  const lane = host.lane('bnd-a');
  // As soon as root has handed big/sub to the lane's user, the racer exchanges big, in one step
  // (renameat2 RENAME_EXCHANGE), with a link to /var/canary: whatever root then looks at or
  // chowns below big/sub is /var/canary/sub.
  writeFileSync(
    host.container.hostPath('/var/tmp/racer.pl'),
    [
      'my $t = "/srv/runners/bnd-a.lanekeeper-new"; my $end = time + 30;',
      'while (time < $end && ! -e "/tmp/stop-racer") {',
      '  my @s = lstat("$t/big/sub");',
      '  next unless @s && $s[4] == $<;',
      '  symlink("/var/canary", "$t/link") or next;',
      '  my ($a, $b) = ("$t/big", "$t/link");',
      '  syscall(316, -100, $a, -100, $b, 2);', // renameat2(AT_FDCWD, big, AT_FDCWD, link, RENAME_EXCHANGE) on x86_64
      '  last;',
      '}',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const racer = '/usr/bin/perl /var/tmp/racer.pl';
  const stolen = async () => (await host.container.sh('find /var/canary ! -user root | wc -l')).trim();
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      await host.container.sh('rm -f /tmp/stop-racer');
      const { fencingToken } = await host.agent.leaseAcquire(lane, `race-${attempt}`, 300);
      await spawnAs('lk-bnd-a', racer);
      await host.agent.prepareDirectory(lane, fencingToken);
      await host.container.sh('touch /tmp/stop-racer; sleep 0.2; pkill -u lk-bnd-a || true; sleep 0.2');
      expect(await stolen(), `attempt ${attempt}: files under /var/canary handed to lk-bnd-a`).toBe('0');
      expect((await host.container.sh('stat -c "%U %a" /srv/runners/bnd-a')).trim()).toBe('lk-bnd-a 700');
      await host.agent.removeDirectory(lane, fencingToken);
      await host.agent.leaseRelease(lane, { lane: 'bnd-a', holder: `race-${attempt}`, fencingToken, expiresAt: '' });
    }
  } finally {
    await host.container.sh('touch /tmp/stop-racer; pkill -u lk-bnd-a || true; rm -rf /opt/lanekeeper/runner/big');
  }
});

test('remove-directory refuses while a process of the lane\'s user runs, even one that blanked its command line', async () => {
  const lane = host.lane('bnd-b');
  const { fencingToken } = await host.agent.leaseAcquire(lane, 'blank', 300);
  await host.agent.prepareDirectory(lane, fencingToken);
  // process.title = "" leaves /proc/<pid>/cmdline all NULs, as perl's $0 = "" does.
  await spawnAs('lk-bnd-b', `/usr/bin/node -e 'process.title = ""; setTimeout(() => {}, 60000)'`);
  try {
    expect((await host.container.sh('for p in $(pgrep -u lk-bnd-b); do tr -d "\\\\0" < /proc/$p/cmdline | wc -c; done')).trim()).toBe('0');
    await expect(host.agent.removeDirectory(lane, fencingToken)).rejects.toMatchObject({ code: 'UNIT_ACTIVE', detail: expect.stringContaining('lk-bnd-b') });
    expect((await host.container.sh('stat -c %U /srv/runners/bnd-b')).trim()).toBe('lk-bnd-b');
  } finally {
    await host.container.sh('pkill -u lk-bnd-b || true; sleep 0.3');
  }
  await host.agent.removeDirectory(lane, fencingToken);
  expect((await host.container.sh('test -e /srv/runners/bnd-b && echo present || echo gone')).trim()).toBe('gone');
});

test('lane-runner unconfigure takes no token and reads nothing of .runner: whatever a job plants there, only the local files go, and it never hangs', async () => {
  const lane = host.lane('bnd-c');
  const { fencingToken } = await host.agent.leaseAcquire(lane, 'runner-file', 900);
  await host.agent.prepareDirectory(lane, fencingToken);
  const configure = async () => {
    const registrationToken = sim.store.issueToken('registration', 'repo:acme/api').token;
    await host.agent.configureRunner(lane, fencingToken, { url: `${sim.url}/acme/api`, token: new Secret(registrationToken), name: 'bnd-c', labels: ['lanekeeper-managed'] });
    return (await host.container.sh('cat /srv/runners/bnd-c/.runner')).replace(/^\uFEFF/, '');
  };
  const good = await configure();
  expect(JSON.parse(good)).toMatchObject({ gitHubUrl: `${sim.url}/acme/api` });
  const ops = host.container.runAs(RIG_OPS_USER);
  // A remove token in the caller's environment (sudo keeps that one variable) must not matter:
  // with it, a full config.sh remove would delete the runner .runner names.
  const remove = sim.store.issueToken('remove', 'repo:acme/api').token;
  const unconfigure = () =>
    ops({ argv: ['sudo', '-n', '-u', 'lk-bnd-c', '--', LANE_RUNNER, 'unconfigure', '/srv/runners', 'bnd-c', String(fencingToken)], env: { ACTIONS_RUNNER_INPUT_TOKEN: remove }, timeoutMs: 20_000 });
  const registered = () => sim.runners('repo:acme/api').map((r) => r.id).sort();
  const evil = 'https://evil.example.net/acme/api';
  const plants: Record<string, (runner: { agentId: number }) => string> = {
    'another runner\'s id': (r) => `printf '%s' '${JSON.stringify({ ...JSON.parse(good), agentId: r.agentId })}' > .runner`,
    'a second spelling of gitHubUrl': () => `printf '%s' '${JSON.stringify({ ...JSON.parse(good), GitHubUrl: evil })}' > .runner`,
    'lenient JSON': () => `printf '%s' "{gitHubUrl: '${evil}', agentName: 'bnd-c'}" > .runner`,
    'a FIFO': () => 'rm -f .runner && mkfifo .runner',
  };
  // Another runner in the same scope, the one a forged agentId points at.
  const other = sim.store.add('repo:acme/api', { name: 'bnd-other', labels: ['ops'] });
  try {
    let first = true;
    for (const [what, plant] of Object.entries(plants)) {
      if (!first) await configure();
      first = false;
      const before = registered();
      const planted = await host.container.run({ argv: ['/usr/sbin/runuser', '-u', 'lk-bnd-c', '--', '/bin/bash', '-c', `cd /srv/runners/bnd-c && ${plant({ agentId: other.id })}`], timeoutMs: 10_000 });
      expect(planted.exitCode, `${what}: ${planted.stderr}`).toBe(0);
      const started = Date.now();
      const r = await unconfigure();
      expect(Date.now() - started, what).toBeLessThan(15_000);
      expect(r.exitCode, `${what}: ${r.stderr}`).toBe(0);
      expect(registered(), what).toEqual(before);
      expect((await host.container.sh('cd /srv/runners/bnd-c && ls -A | grep -E "^\\.(runner|credentials)" || true')).trim(), what).toBe('');
      // The registration itself is Lanekeeper's to delete, through the API (github.delete-runner).
      sim.store.delete(sim.runners('repo:acme/api').find((x) => x.name === 'bnd-c')!.id);
    }
  } finally {
    await host.container.sh(`pkill -u lk-bnd-c || true; rm -f /srv/runners/bnd-c/.runner`);
  }
});

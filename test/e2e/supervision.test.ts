// Supervision on real systemd, with the stand-in runner's real process tree and exit codes
// (test/rig/stand-in-runner, checked against actions/runner in test/rig/stand-in-runner.test.ts):
// the unit Lanekeeper renders restarts a listener killed by its own PID, stops clean (inactive,
// nothing left in the cgroup, the job cancelled), does not loop after either way a registration
// is deleted (and the next plan says the lane registers again), brings a retryable exit back,
// turns a deprecated version into the blocker runner_version_deprecated, gives jobs .env/.path,
// and a cordon stops even `runs-on: [self-hosted]` jobs. Each lane is set up through the helper
// and lane-runner as apply does; plans come from a real inventory (OctokitGitHubRunners against
// the simulator, the helper's status verb through sudo).
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import type { LaneRef } from '../../src/host/port.js';
import { observe } from '../../src/inventory/observe.js';
import { buildPlan } from '../../src/plan/planner.js';
import type { LanePlan } from '../../src/plan/types.js';
import { policyFromObject } from '../../src/policy/load.js';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import type { SimRunner } from '../../src/sim/runner-store.js';
import { systemClock } from '../../src/util/clock.js';
import { Secret } from '../../src/util/secret.js';
import { simClient } from '../support/github-sim.js';
import { bootLanekeeperHost, RIG_HOST, RIG_ROOT, rigLaneUser, type LanekeeperHost } from '../rig/lanekeeper-host.js';
import { eventually, processesOf } from '../rig/probes.js';

let host: LanekeeperHost;
let sim: GitHubSimulator;
const SCOPE = 'repo:acme/api' as const;
const LABELS = ['lanekeeper-managed', 'api', 'self-hosted'];

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  host = await bootLanekeeperHost({ log: (l) => console.log(l), serverUrl: sim.url, hostConfig: { organizations: ['acme'] } });
});
// Each test's lanes stop after it, so no other listener answers (or eats) a test's session fault.
afterEach(async () => {
  await host?.container.sh(`systemctl stop 'lanekeeper-runner@*' || true`);
  sim?.clearFaults();
});
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

interface UnitState {
  ActiveState: string;
  SubState: string;
  Result: string;
  ExecMainCode: string;
  ExecMainStatus: string;
  NRestarts: number;
  MainPID: number;
}

async function show(lane: LaneRef): Promise<UnitState> {
  const out = await host.container.sh(`systemctl show -p ActiveState,SubState,Result,ExecMainCode,ExecMainStatus,NRestarts,MainPID ${lane.unit}`);
  const p = Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { ...p, NRestarts: Number(p['NRestarts']), MainPID: Number(p['MainPID']) } as unknown as UnitState;
}

/** The listener's own PID, found by its command line (not systemd's MainPID). */
async function listenerPid(lane: LaneRef): Promise<number | undefined> {
  const line = (await processesOf(host, `${RIG_ROOT}/${lane.lane}/bin/Runner.Listener.mjs`))[0];
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

const runnerOf = (lane: LaneRef): SimRunner | undefined => sim.runners(SCOPE).find((r) => r.name === lane.lane);

async function online(lane: LaneRef, since = 0): Promise<SimRunner> {
  return eventually(async () => {
    const r = runnerOf(lane);
    return r && sim.store.isOnline(r) && (r.lastHeartbeatMs ?? 0) > since ? r : undefined;
  }, 30_000);
}

/** A lane as apply builds it: prepare, configure (lane-runner, --no-default-labels), unit, enable-now. */
async function supervisedLane(name: string): Promise<{ lane: LaneRef; token: number; runner: SimRunner }> {
  const lane = host.lane(name);
  const { fencingToken: token } = await host.agent.leaseAcquire(lane, `supervision-${name}`, 900);
  await host.agent.prepareDirectory(lane, token);
  await host.agent.configureRunner(lane, token, {
    url: `${sim.url}/acme/api`,
    token: new Secret(sim.store.issueToken('registration', SCOPE).token),
    name,
    labels: LABELS,
  });
  await host.agent.installOrUpdateUnit(lane, token);
  await host.agent.daemonReload(lane, token);
  await host.agent.enableNow(lane, token);
  return { lane, token, runner: await online(lane) };
}

/** The next plan for these lanes, from a real inventory of the simulator and the rig host. */
async function nextPlan(names: string[], scope: Record<string, string> = { repository: 'acme/api' }): Promise<Record<string, LanePlan>> {
  const { policy, problems } = policyFromObject({
    version: 1,
    repositories: ['acme/api'],
    organizations: ['acme'],
    hosts: { [RIG_HOST]: { approved: true, registrationRoots: [RIG_ROOT], serviceUsers: names.map(rigLaneUser) } },
    lanes: names.map((name) => ({ name, ...scope, host: RIG_HOST, registrationRoot: RIG_ROOT, serviceUser: rigLaneUser(name), labels: LABELS })),
  });
  const github = new OctokitGitHubRunners(simClient(sim), { onSecret: () => {} });
  const observed = await observe(policy, policy.lanes, { github, hosts: [host.agent], clock: systemClock });
  return Object.fromEntries(buildPlan(policy, problems, observed).lanes.map((l) => [l.lane, l]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a listener killed with SIGKILL by its own PID is back online within 30 s, without a person', async () => {
  const { lane } = await supervisedLane('sup-crash');
  const pid = await listenerPid(lane);
  expect(pid).toBeDefined();
  expect((await show(lane)).MainPID).toBe(pid); // the listener is the unit's main process
  const killedAt = sim.store.nowMs();
  const started = Date.now();
  await host.container.sh(`kill -KILL ${pid}`);
  await online(lane, killedAt + 1);
  const newPid = await eventually(async () => {
    const p = await listenerPid(lane);
    return p !== undefined && p !== pid ? p : undefined;
  });
  expect(Date.now() - started).toBeLessThan(30_000);
  const state = await show(lane);
  expect(state).toMatchObject({ ActiveState: 'active', MainPID: newPid });
  expect(state.NRestarts).toBeGreaterThanOrEqual(1);
});

test('systemctl stop cancels the running job and ends inactive at once, with no process of the lane left (a step and a daemon that ignore SIGINT/SIGTERM included)', async () => {
  const { lane, token, runner } = await supervisedLane('sup-stop');
  // The step ignores SIGINT and SIGTERM, so the worker has to kill it (10 s). The daemon it
  // starts cleared RUNNER_TRACKING_ID (the worker's orphan clean-up leaves it) and ignores SIGTERM
  // and SIGHUP: only systemd, once the listener has exited, ends it.
  const job = sim.assignJob(
    runner.id,
    600_000,
    `trap '' INT TERM; RUNNER_TRACKING_ID= setsid bash -c "trap '' INT TERM HUP; exec sleep 4242" </dev/null >/dev/null 2>&1 & sleep 600`,
  );
  await eventually(async () => ((await host.container.sh(`pgrep -f 'sleep [4]242' || true`)).trim() ? true : undefined));
  await eventually(async () => ((await host.agent.status([lane])).lanes[lane.lane]!.workerRunning ? true : undefined));
  const started = Date.now();
  await host.agent.stop(lane, token);
  const stopSeconds = (Date.now() - started) / 1000;
  const state = await show(lane);
  expect(state).toMatchObject({ ActiveState: 'inactive', Result: 'success', ExecMainCode: '1', ExecMainStatus: '0' });
  // The listener waited for the worker (the step's SIGKILL comes 10 s after the SIGINT); what was
  // left then got SIGKILL from systemd at once, not after TimeoutStopSec (30 s in the rig).
  expect(stopSeconds).toBeGreaterThanOrEqual(9);
  expect(stopSeconds).toBeLessThan(host.config.stopTimeoutSeconds - 5);
  expect(await processesOf(host, `${RIG_ROOT}/${lane.lane}`)).toEqual([]);
  expect((await host.container.sh(`pgrep -f 'sleep [4]242' || true`)).trim()).toBe('');
  expect((await host.container.sh(`pgrep -u ${rigLaneUser(lane.lane)} || true`)).trim()).toBe('');
  expect(job.id).toBeGreaterThan(0);
  expect(runner.job).toBeNull(); // the listener reported the cancelled job before it exited
  const obs = (await host.agent.status([lane])).lanes[lane.lane]!;
  expect(obs.unit.lastExit).toEqual({ code: 'exited', status: 0, result: 'success' });
});

test('registration deleted while polling: the listener clears its files, the unit stays inactive, the next plan registers again', async () => {
  const { lane, runner } = await supervisedLane('sup-gone-poll');
  sim.store.delete(runner.id);
  await eventually(async () => ((await show(lane)).ActiveState === 'inactive' ? true : undefined), 30_000);
  const first = await show(lane);
  await sleep(7_000); // longer than RestartSec
  const later = await show(lane);
  expect(later).toMatchObject({ ActiveState: 'inactive', Result: 'success', ExecMainStatus: '0', NRestarts: first.NRestarts });
  const obs = (await host.agent.status([lane])).lanes[lane.lane]!;
  expect([obs.identity, obs.credentialsPresent]).toEqual([null, false]);
  const plan = (await nextPlan([lane.lane]))[lane.lane]!;
  expect([plan.shape, plan.action, plan.status]).toEqual(['local_service_only', 'create', 'ready']);
  expect(plan.steps.map((s) => s.kind)).toContain('runner.configure');
  expect(plan.steps.map((s) => s.kind)).not.toContain('host.restart');
});

test('registration deleted before the session starts: exit 1 is not restarted, the next plan registers again', async () => {
  const { lane, token, runner } = await supervisedLane('sup-gone-start');
  await host.agent.stop(lane, token);
  sim.store.delete(runner.id);
  await host.container.sh(`systemctl start ${lane.unit}`);
  await eventually(async () => ((await show(lane)).ActiveState === 'failed' ? true : undefined), 30_000);
  const first = await show(lane);
  expect(first).toMatchObject({ Result: 'exit-code', ExecMainStatus: '1' });
  await sleep(7_000);
  expect(await show(lane)).toMatchObject({ ActiveState: 'failed', NRestarts: first.NRestarts });
  const plan = (await nextPlan([lane.lane]))[lane.lane]!;
  expect([plan.shape, plan.action, plan.status]).toEqual(['local_service_only', 'create', 'ready']);
  expect(plan.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['runner.unconfigure', 'runner.configure']));
});

test('a retryable exit (2) comes back on its own', async () => {
  const { lane } = await supervisedLane('sup-retry');
  const before = await show(lane);
  // A 401 answers the next message request: an unexpected exception for the listener, exit 2
  // (RetryableError). A failed session creation would not do: the listener retries that itself.
  const faultedAt = sim.store.nowMs();
  sim.addFault({ method: 'POST', path: '^/_sim/runner/session$', times: 1, effect: { kind: 'status', status: 401 } });
  await eventually(async () => ((await show(lane)).NRestarts === before.NRestarts + 1 ? true : undefined), 30_000);
  await online(lane, faultedAt);
  const state = await show(lane);
  expect(state.ActiveState).toBe('active');
  expect(state.MainPID).not.toBe(before.MainPID);
  expect(state.NRestarts).toBe(before.NRestarts + 1);
});

test('a deprecated version stops with 7, is not restarted, and plans as the blocker runner_version_deprecated', async () => {
  const { lane, token } = await supervisedLane('sup-deprecated');
  await host.agent.stop(lane, token);
  sim.store.deprecateVersion('2.330.0');
  try {
    await host.container.sh(`systemctl start ${lane.unit}`);
    await eventually(async () => ((await show(lane)).ActiveState === 'failed' ? true : undefined), 30_000);
    const first = await show(lane);
    expect(first).toMatchObject({ Result: 'exit-code', ExecMainStatus: '7' });
    await sleep(7_000);
    expect(await show(lane)).toMatchObject({ ActiveState: 'failed', NRestarts: first.NRestarts });
    const obs = (await host.agent.status([lane])).lanes[lane.lane]!;
    expect(obs.unit.lastExit).toEqual({ code: 'exited', status: 7, result: 'exit-code' });
    const plan = (await nextPlan([lane.lane]))[lane.lane]!;
    expect([plan.action, plan.status, plan.blockers.map((b) => b.code)]).toEqual(['noop', 'blocked', ['runner_version_deprecated']]);
    expect(plan.blockers[0]!.fix).toContain('install a runner version GitHub supports');
  } finally {
    sim.store.undeprecateVersion('2.330.0');
  }
});

test('jobs get the environment config.sh recorded: .env variables and the PATH in .path', async () => {
  const { lane, token, runner } = await supervisedLane('sup-env');
  const dir = `${RIG_ROOT}/${lane.lane}`;
  // Something a person adds to .env (as the runner docs suggest), and a .path as config.sh records
  // it when run with a tool directory in PATH; then a restart to load them.
  await host.container.sh(`runuser -u ${rigLaneUser(lane.lane)} -- sh -c "echo LANE_MARK=from-dot-env >> ${dir}/.env && echo /opt/lane-tools/bin:\\$(cat ${dir}/.path) > ${dir}/.path.new && mv ${dir}/.path.new ${dir}/.path"`);
  await host.agent.restart(lane, token);
  await online(lane, sim.store.nowMs());
  sim.assignJob(runner.id, 60_000, 'printf "%s\\n%s\\n" "$LANE_MARK" "$PATH" > ../env-seen.txt');
  const seen = await eventually(async () => {
    const out = await host.container.sh(`cat ${dir}/_work/env-seen.txt 2>/dev/null || true`);
    return out.trim() ? out.trim().split('\n') : undefined;
  });
  const recordedPath = (await host.container.sh(`cat ${dir}/.path`)).trim();
  expect(recordedPath).toMatch(/^\/opt\/lane-tools\/bin:/);
  expect(seen).toEqual(['from-dot-env', recordedPath]);
});

test('a cordoned lane never starts a `runs-on: [self-hosted]` job; uncordoned it does', async () => {
  const { lane, runner } = await supervisedLane('sup-cordon');
  // Registered with --no-default-labels: exactly the policy's labels, all custom.
  expect(runner.labels.map((l) => `${l.name}:${l.type}`)).toEqual(LABELS.map((l) => `${l}:custom`));
  const github = new OctokitGitHubRunners(simClient(sim), { onSecret: () => {} });
  await github.setLabels({ kind: 'repository', owner: 'acme', repo: 'api' }, runner.id, ['lanekeeper-managed']); // the cordon
  const job = sim.store.queueJob(SCOPE, ['self-hosted'], 1_000);
  await sleep(5_000); // five polls
  expect(sim.store.queuedJob(job.id)?.runnerId).toBeNull();
  await github.setLabels({ kind: 'repository', owner: 'acme', repo: 'api' }, runner.id, LABELS);
  await eventually(async () => (sim.store.queuedJob(job.id)?.result === 'succeeded' ? true : undefined), 20_000);
  expect(sim.store.queuedJob(job.id)?.runnerId).toBe(runner.id);
  expect(lane.lane).toBe('sup-cordon');
});

test('the baseline makes config.sh\'s dependency checks: a distribution with .NET natives and no libicu blocks a new lane', async () => {
  const natives = '/opt/lanekeeper/runner/bin/libcoreclr.so';
  // A real shared object in place of libcoreclr.so: ldd finds its libraries; the rig has no libicu.
  await host.container.sh(`install -o root -g root -m 0755 /lib/x86_64-linux-gnu/libz.so.1 ${natives}`);
  try {
    const check = (await host.agent.status([])).baseline.find((c) => c.id === 'runner-dependencies')!;
    // The rig's Debian has no libicu (debootstrap's minimal set), so config.sh would refuse too.
    expect((await host.container.sh(`ldconfig -NXv 2>/dev/null | grep -c libicu || true`)).trim()).toBe('0');
    expect(check).toMatchObject({ ok: false, evidence: expect.stringContaining('libicu is missing') });
    const plan = (await nextPlan(['sup-new']))['sup-new']!;
    expect([plan.action, plan.status]).toEqual(['create', 'blocked']);
    expect(plan.blockers.map((b) => b.code)).toEqual(['baseline_not_ready']);
  } finally {
    await host.container.sh(`rm -f ${natives}`);
  }
  expect((await host.agent.status([])).baseline.find((c) => c.id === 'runner-dependencies')).toMatchObject({ ok: true });
});

test('a runner group the organisation lacks blocks the plan (runner_group_missing) before config.sh refuses it', async () => {
  const lane = host.lane('sup-group');
  const orgLane = { organization: 'acme', runnerGroup: 'builders' };
  const blocked = (await nextPlan([lane.lane], orgLane))[lane.lane]!;
  expect([blocked.status, blocked.blockers.map((b) => b.code)]).toEqual(['blocked', ['runner_group_missing']]);
  expect(blocked.blockers[0]!.message).toContain('org:acme has no runner group "builders" (it has [Default])');

  // What config.sh itself does with that group: exit 1, nothing registered, no .runner.
  const lease = await host.agent.leaseAcquire(lane, 'supervision-group', 300);
  await host.agent.prepareDirectory(lane, lease.fencingToken);
  const configure = () =>
    host.agent.configureRunner(lane, lease.fencingToken, { url: `${sim.url}/acme`, token: new Secret(sim.store.issueToken('registration', 'org:acme').token), name: lane.lane, labels: LABELS, runnerGroup: 'builders' });
  await expect(configure()).rejects.toThrow(/Could not find any self-hosted runner group named "builders"/);
  expect(sim.runners('org:acme').find((r) => r.name === lane.lane)).toBeUndefined();
  expect((await host.agent.status([lane])).lanes[lane.lane]).toMatchObject({ identity: null, credentialsPresent: false });

  const groupId = sim.store.addOrgGroup('acme', 'builders');
  const ready = (await nextPlan([lane.lane], orgLane))[lane.lane]!;
  expect([ready.action, ready.status]).toEqual(['create', 'ready']);
  await configure();
  expect(sim.runners('org:acme').find((r) => r.name === lane.lane)?.runnerGroupId).toBe(groupId);
  await host.agent.leaseRelease(lane, lease);
});

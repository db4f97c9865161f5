// Host inventory (status verb through SudoHostAgent, as the ops user via sudo) on real systemd,
// for a lane in each shape the planner tells apart, plus unclaimed items and baseline checks.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostLaneObservation, HostObservation } from '../../src/plan/observed.js';
import type { LaneRef } from '../../src/host/port.js';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { Secret } from '../../src/util/secret.js';
import { bootLanekeeperHost, rigLaneUser, type LanekeeperHost } from '../rig/lanekeeper-host.js';
import { eventually } from '../rig/probes.js';

let host: LanekeeperHost;
let sim: GitHubSimulator;
let observation: HostObservation;
const lanes: Record<string, LaneRef> = {};

async function configured(name: string): Promise<LaneRef> {
  const lane = host.lane(name);
  lanes[name] = lane;
  const { fencingToken } = await host.agent.leaseAcquire(lane, `setup-${name}`, 600);
  await host.agent.prepareDirectory(lane, fencingToken);
  await host.agent.configureRunner(lane, fencingToken, {
    url: `${sim.url}/acme/api`,
    token: new Secret(sim.store.issueToken('registration', 'repo:acme/api').token),
    name,
    labels: ['lanekeeper-managed'],
  });
  return lane;
}

async function supervised(name: string): Promise<LaneRef> {
  const lane = await configured(name);
  const { fencingToken } = await host.agent.leaseAcquire(lane, `setup-${name}`, 600);
  await host.agent.installOrUpdateUnit(lane, fencingToken);
  await host.agent.daemonReload(lane, fencingToken);
  await host.agent.enableNow(lane, fencingToken);
  return lane;
}

const shape = (name: string): HostLaneObservation => observation.lanes[name]!;

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  host = await bootLanekeeperHost({ log: (l) => console.log(l), serverUrl: sim.url });
  const sh = host.container.sh;

  lanes['absent'] = host.lane('absent');
  await supervised('active');
  const inactive = await supervised('inactive');
  const { fencingToken } = await host.agent.leaseAcquire(inactive, 'setup-inactive', 600);
  await host.agent.stop(inactive, fencingToken);
  await configured('no-unit');
  const foreign = await configured('foreign');
  await sh(`printf '[Service]\\nUser=runner\\nExecStart=${foreign.root}/foreign/run.sh\\n' > /etc/systemd/system/${foreign.unit} && systemctl daemon-reload`);
  await supervised('busy');
  // A listener started by hand for a registered lane, outside its unit.
  await configured('rogue');
  await sh(`systemd-run --quiet --unit=rogue-listener -p User=${rigLaneUser('rogue')} /srv/runners/rogue/run.sh`);
  // Things no lane claims: a runner directory and an actions/runner svc.sh-style unit.
  await sh(`install -d -m 0700 /srv/runners/orphan && cp -R /opt/lanekeeper/runner/. /srv/runners/orphan`);
  await sh(`printf '[Service]\\nExecStart=/bin/sleep infinity\\n' > '/etc/systemd/system/actions.runner.acme-api.orphan.service' && systemctl daemon-reload`);

  const busyRunner = await eventually(async () => sim.runners('repo:acme/api').find((r) => r.name === 'busy' && sim.store.isOnline(r)));
  sim.assignJob(busyRunner.id, 120_000);
  observation = await eventually(async () => {
    const obs = await host.agent.status(Object.values(lanes));
    const ready =
      obs.lanes['active']?.unit.activeState === 'active' && obs.lanes['busy']?.workerRunning && obs.lanes['rogue']?.unsupervisedListener !== null;
    return ready ? obs : undefined;
  }, 30_000);
}, 600_000);

afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

describe('each lane shape', () => {
  test('absent: no directory, no identity, no unit', () => {
    expect(shape('absent')).toMatchObject({
      directoryExists: false,
      runnerInstalled: false,
      identity: null,
      credentialsPresent: false,
      runnerVersion: null,
      workerRunning: false,
      unsupervisedListener: null,
      unit: { fileState: 'absent', activeState: 'inactive', mainPid: null, renderedByLanekeeper: false },
    });
  });

  test('configured and supervised, active', () => {
    const lane = shape('active');
    expect(lane).toMatchObject({
      directoryExists: true,
      runnerInstalled: true,
      credentialsPresent: true,
      runnerVersion: '2.330.0',
      identity: { agentName: 'active', gitHubUrl: `${sim.url}/acme/api` },
      workerRunning: false,
      unsupervisedListener: null,
      unit: { fileState: 'enabled', activeState: 'active', subState: 'running', mainPidUser: rigLaneUser('active'), renderedByLanekeeper: true, matchesRendered: true },
    });
    expect(lane.identity?.agentId).toBe(sim.runners('repo:acme/api').find((r) => r.name === 'active')?.id);
  });

  test('supervised but inactive', () => {
    expect(shape('inactive')).toMatchObject({
      identity: { agentName: 'inactive' },
      unit: { fileState: 'enabled', activeState: 'inactive', mainPid: null, renderedByLanekeeper: true, matchesRendered: true },
    });
  });

  test('registered but without a unit', () => {
    expect(shape('no-unit')).toMatchObject({ identity: { agentName: 'no-unit' }, credentialsPresent: true, unit: { fileState: 'absent' } });
  });

  test('a unit Lanekeeper did not render', () => {
    expect(shape('foreign').unit).toMatchObject({ renderedByLanekeeper: false, matchesRendered: false });
    expect(shape('foreign').unit.fileState).not.toBe('absent');
  });

  test('a job running: a Runner.Worker process for the lane', () => {
    expect(shape('busy')).toMatchObject({ workerRunning: true, unit: { activeState: 'active' } });
    expect(shape('active').workerRunning).toBe(false);
  });

  test('a listener running outside the lane unit', () => {
    expect(shape('rogue').unsupervisedListener).toMatchObject({ user: rigLaneUser('rogue') });
    expect(shape('rogue').unit.fileState).toBe('absent');
  });
});

test('unclaimed runner directories and units', () => {
  expect(observation.unclaimed).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'directory', name: '/srv/runners/orphan' }),
      expect.objectContaining({ kind: 'unit', name: 'actions.runner.acme-api.orphan.service' }),
    ]),
  );
  const claimed = Object.values(lanes).map((l) => l.unit);
  expect(observation.unclaimed.filter((u) => claimed.includes(u.name))).toEqual([]);
});

test('baseline checks carry evidence', () => {
  const byId = Object.fromEntries(observation.baseline.map((c) => [c.id, c]));
  const users = observation.baseline.filter((c) => c.id === 'service-user');
  expect(users.map((c) => c.subject).sort()).toEqual(Object.values(lanes).map((l) => l.user).sort());
  expect(users.every((c) => c.ok)).toBe(true);
  expect(byId['disk-space']).toMatchObject({ subject: '/srv/runners', ok: true });
  expect(byId['disk-space']?.measured).toBeGreaterThan(0);
  expect(byId['runner-dependencies']).toMatchObject({ subject: 'rig-host', ok: true, evidence: expect.stringContaining('2.330.0') });
  expect(byId['helper']).toMatchObject({ subject: 'rig-host', ok: true });
  expect(observation.baseline.filter((c) => c.id === 'docker-credential-isolation').every((c) => c.ok)).toBe(true);
});

test('status with no lane still reports unclaimed items and the baseline', async () => {
  const obs = await host.agent.status([]);
  expect(obs.lanes).toEqual({});
  expect(obs.unclaimed.map((u) => u.name)).toEqual(expect.arrayContaining(['/srv/runners/active', '/srv/runners/orphan', 'lanekeeper-runner@active.service']));
  expect([...new Set(obs.baseline.map((c) => c.id))]).toEqual(['service-user', 'docker-credential-isolation', 'disk-space', 'runner-dependencies', 'helper']);
});

test('a Docker config shared through a symlink fails credential isolation', async () => {
  const user = rigLaneUser('active');
  await host.container.sh(`install -d -m 0755 /srv/shared-docker && ln -s /srv/shared-docker /home/${user}/.docker`);
  const obs = await host.agent.status([lanes['active']!]);
  const check = obs.baseline.find((c) => c.id === 'docker-credential-isolation');
  expect(check).toMatchObject({ subject: user, ok: false, evidence: expect.stringContaining('symbolic link') });
  await host.container.sh(`rm /home/${user}/.docker`);
});

test('status does not follow a symlinked .runner out of the lane directory', async () => {
  const lane = await configured('tricky');
  await host.container.sh(`cd /srv/runners/tricky && rm .runner && ln -s ../active/.runner .runner`);
  const obs = (await host.agent.status([lane])).lanes['tricky']!;
  expect(obs.identity).toBeNull();
  expect(obs.credentialsPresent).toBe(true);
});

test('status reads .runner from the open file: a FIFO in its place does not hang the helper', async () => {
  const lane = await configured('fifo');
  await host.container.sh(`cd /srv/runners/fifo && rm .runner && mkfifo .runner && chown ${rigLaneUser('fifo')}: .runner`);
  const started = Date.now();
  const obs = (await host.agent.status([lane])).lanes['fifo']!;
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(obs.identity).toBeNull();
});

test('a hand-edited unit is still Lanekeeper\'s but no longer matches', async () => {
  const lane = lanes['inactive']!;
  await host.container.sh(`sed -i 's/^RestartSec=5$/RestartSec=1/' /etc/systemd/system/${lane.unit}`);
  const obs = (await host.agent.status([lane])).lanes['inactive']!;
  expect(obs.unit).toMatchObject({ renderedByLanekeeper: true, matchesRendered: false });
});

// A lane's whole life on real systemd: install → enable-now → active as the service user →
// the runner is killed and systemd restarts it → stop/disable/remove-unit leave nothing behind.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Lease } from '../../src/host/port.js';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { Secret } from '../../src/util/secret.js';
import { bootLanekeeperHost, rigLaneUser, type LanekeeperHost } from '../rig/lanekeeper-host.js';
import { eventually, processesOf } from '../rig/probes.js';

let host: LanekeeperHost;
let sim: GitHubSimulator;

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  host = await bootLanekeeperHost({ log: (l) => console.log(l), serverUrl: sim.url });
});
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

test('install → enable-now → restart after a crash → stop, disable, remove-unit leave no unit and no process', async () => {
  const lane = host.lane('life-1');
  const agent = host.agent;
  const lease: Lease = await agent.leaseAcquire(lane, 'e2e-run-1', 300);
  const token = lease.fencingToken;

  await agent.prepareDirectory(lane, token);
  const registration = sim.store.issueToken('registration', 'repo:acme/api');
  await agent.configureRunner(lane, token, {
    url: `${sim.url}/acme/api`,
    token: new Secret(registration.token),
    name: lane.lane,
    labels: ['lanekeeper-managed', 'api'],
  });
  expect(await agent.installOrUpdateUnit(lane, token)).toEqual({ changed: true });
  expect(await agent.installOrUpdateUnit(lane, token)).toEqual({ changed: false });
  await agent.daemonReload(lane, token);
  await agent.enableNow(lane, token);

  const active = await eventually(async () => {
    const obs = (await agent.status([lane])).lanes[lane.lane]!;
    return obs.unit.activeState === 'active' && obs.unit.mainPid !== null ? obs : undefined;
  });
  expect(active.unit).toMatchObject({ fileState: 'enabled', subState: 'running', mainPidUser: rigLaneUser('life-1'), renderedByLanekeeper: true, matchesRendered: true, restarts: 0 });
  expect(active.identity).toMatchObject({ agentName: lane.lane, gitHubUrl: `${sim.url}/acme/api` });
  const runner = sim.runners('repo:acme/api').find((r) => r.name === lane.lane)!;
  await eventually(async () => (sim.store.isOnline(runner) ? true : undefined));

  // The token never reached a command line or the unit.
  const unitText = await host.container.sh(`cat /etc/systemd/system/${lane.unit}`);
  expect(unitText).not.toContain(registration.token);

  // Kill the runner: systemd brings it back (Restart=on-failure).
  await host.container.sh(`kill -9 ${active.unit.mainPid}`);
  const restarted = await eventually(async () => {
    const obs = (await agent.status([lane])).lanes[lane.lane]!;
    return obs.unit.activeState === 'active' && obs.unit.mainPid !== null && obs.unit.mainPid !== active.unit.mainPid ? obs : undefined;
  }, 30_000);
  expect(restarted.unit.restarts).toBeGreaterThanOrEqual(1);
  expect(restarted.unit.mainPidUser).toBe(rigLaneUser('life-1'));

  // A removal while the unit runs is refused; stop first.
  await expect(agent.removeUnit(lane, token)).rejects.toMatchObject({ name: 'HelperError', code: 'UNIT_ACTIVE' });
  await agent.stop(lane, token);
  await agent.disable(lane, token);
  await agent.removeUnit(lane, token);

  const gone = (await agent.status([lane])).lanes[lane.lane]!;
  expect(gone.unit).toMatchObject({ fileState: 'absent', activeState: 'inactive', mainPid: null });
  expect(await processesOf(host, `/srv/runners/${lane.lane}`)).toEqual([]);
  expect(await host.container.sh(`systemctl list-units --all --no-legend --plain 'lanekeeper-runner@*' || true`)).toBe('');
  expect(await host.container.sh(`ls /etc/systemd/system/multi-user.target.wants/ | grep lanekeeper || true`)).toBe('');

  // The local files only: the registration stays until it is deleted through the API.
  const registered = sim.runners('repo:acme/api').find((r) => r.name === lane.lane)!;
  await agent.unconfigureRunner(lane, token);
  expect(sim.runners('repo:acme/api').find((r) => r.name === lane.lane)?.id).toBe(registered.id);
  expect((await agent.status([lane])).lanes[lane.lane]).toMatchObject({ identity: null, credentialsPresent: false });
  await agent.removeDirectory(lane, token);
  await agent.leaseRelease(lane, lease);
  expect((await agent.status([lane])).lanes[lane.lane]).toMatchObject({ directoryExists: false, identity: null });
});

test('a runner whose registration was deleted stops and is not restarted', async () => {
  const lane = host.lane('life-2');
  const agent = host.agent;
  const { fencingToken: token } = await agent.leaseAcquire(lane, 'e2e-run-2', 300);
  await agent.prepareDirectory(lane, token);
  await agent.configureRunner(lane, token, {
    url: `${sim.url}/acme/api`,
    token: new Secret(sim.store.issueToken('registration', 'repo:acme/api').token),
    name: lane.lane,
    labels: ['lanekeeper-managed'],
  });
  await agent.installOrUpdateUnit(lane, token);
  await agent.daemonReload(lane, token);
  await agent.enableNow(lane, token);
  const runner = await eventually(async () => sim.runners('repo:acme/api').find((r) => r.name === lane.lane && sim.store.isOnline(r)));
  sim.store.delete(runner.id);
  const stopped = await eventually(async () => {
    const obs = (await agent.status([lane])).lanes[lane.lane]!;
    return obs.unit.activeState === 'failed' || obs.unit.activeState === 'inactive' ? obs : undefined;
  }, 30_000);
  await new Promise((r) => setTimeout(r, 7_000)); // longer than RestartSec
  const later = (await agent.status([lane])).lanes[lane.lane]!;
  expect(later.unit.restarts).toBe(stopped.unit.restarts);
  expect(later.unit.activeState).not.toBe('active');
});

test('a lease taken over after expiry fences out the late holder on the real host', async () => {
  const lane = host.lane('life-3');
  const agent = host.agent;
  const first = await agent.leaseAcquire(lane, 'e2e-slow', 1);
  await new Promise((r) => setTimeout(r, 1_500));
  const second = await agent.leaseAcquire(lane, 'e2e-fast', 60);
  expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
  await expect(agent.daemonReload(lane, first.fencingToken)).rejects.toMatchObject({ code: 'STALE_FENCING_TOKEN', exitCode: 4 });
  await expect(agent.leaseRenew(lane, first, 60)).rejects.toMatchObject({ code: 'LEASE_HELD' });
  const renewed = await agent.leaseRenew(lane, second, 120);
  expect(renewed.fencingToken).toBe(second.fencingToken);
  await agent.leaseRelease(lane, renewed);
});

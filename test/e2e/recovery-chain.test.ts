/**
 * Recovery through the whole chain as the workflow runs it (`node dist/index.js` per job, the
 * simulator, a real-systemd host in the rig): a half-configured lane directory and a lane
 * registered before lanes used --no-default-labels are both planned and applied back to a lane
 * that is online with exactly the policy's labels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Outputs } from '../../src/constants.js';
import { Secret } from '../../src/util/secret.js';
import type { ChainResult } from '../harness/run-action.js';
import { RIG_ROOT, rigLaneUser } from '../rig/lanekeeper-host.js';
import { eventually } from '../rig/probes.js';
import { startRigChain, writeRigPolicy, type RigChain, type RigLane } from '../support/rig-chain.js';

let rig: RigChain;
let scratch: string;
let runNo = 0;

beforeAll(async () => {
  rig = await startRigChain((l) => console.log(l));
  scratch = mkdtempSync(join(tmpdir(), 'lanekeeper-e2e-recovery-'));
});
afterAll(async () => {
  await rig?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function chain(lanes: RigLane[], mode: 'dry-run' | 'apply', confirmation = ''): Promise<ChainResult> {
  runNo++;
  const root = join(scratch, `run-${runNo}`);
  const policyFile = writeRigPolicy(join(root, 'policy.yml'), lanes);
  return rig.run({ root, policyFile, mode, confirmation, runId: String(7000 + runNo) });
}

async function dryRunThenApply(lanes: RigLane[]): Promise<{ dry: ChainResult; applied: ChainResult }> {
  const dry = await chain(lanes, 'dry-run');
  expect(dry.ok, dry.plan.stderr + dry.plan.stdout).toBe(true);
  const applied = await chain(lanes, 'apply', dry.plan.outputs[Outputs.Confirmation]!);
  return { dry, applied };
}

const runnerNamed = (name: string) => rig.sim.runners('repo:acme/api').find((r) => r.name === name);
const labelsOf = (name: string) => runnerNamed(name)?.labels.map((l) => `${l.name}:${l.type}`);
const laneState = async (lane: string) => (await rig.host.agent.status([rig.host.lane(lane)])).lanes[lane]!;

it('a half-configured directory (.credentials without .runner) is cleaned up and registered again', async () => {
  const lane = rig.host.lane('rec-half');
  const lease = await rig.host.agent.leaseAcquire(lane, 'by-hand', 60);
  await rig.host.agent.prepareDirectory(lane, lease.fencingToken);
  const reg = rig.sim.store.issueToken('registration', 'repo:acme/api');
  await rig.host.agent.configureRunner(lane, lease.fencingToken, { url: `${rig.sim.url}/acme/api`, token: new Secret(reg.token), name: lane.lane, labels: ['lanekeeper-managed', 'api'] });
  await rig.host.agent.leaseRelease(lane, lease);
  // What a configure interrupted between .credentials and .runner leaves.
  await rig.host.container.sh(`runuser -u ${rigLaneUser(lane.lane)} -- rm ${RIG_ROOT}/${lane.lane}/.runner`);
  const before = await laneState(lane.lane);
  expect([before.identity, before.credentialsPresent]).toEqual([null, true]);

  const { dry, applied } = await dryRunThenApply([{ name: lane.lane }]);
  expect(dry.plan.summary).toContain('| `+` | rec-half | rig-host | local_service_only | create |');
  expect(applied.ok, applied.apply['rig-host']?.stdout).toBe(true);
  const after = await laneState(lane.lane);
  expect(after.identity?.agentName).toBe(lane.lane);
  expect(after.unit.activeState).toBe('active');
  await eventually(async () => (runnerNamed(lane.lane) && rig.sim.store.isOnline(runnerNamed(lane.lane)!) ? true : undefined));
  expect(labelsOf(lane.lane)).toEqual(['lanekeeper-managed:custom', 'api:custom']);
});

it('a lane registered with the read-only labels is drained and registered again with exactly the policy labels', async () => {
  const name = 'rec-legacy';
  // Created by Lanekeeper, then registered again by hand the old way (without --no-default-labels).
  const created = await dryRunThenApply([{ name }]);
  expect(created.applied.ok).toBe(true);
  const dir = `${RIG_ROOT}/${name}`;
  const remove = rig.sim.store.issueToken('remove', 'repo:acme/api');
  const reg = rig.sim.store.issueToken('registration', 'repo:acme/api');
  await rig.host.container.sh(`
    systemctl stop lanekeeper-runner@${name}.service
    cd ${dir}
    runuser -u ${rigLaneUser(name)} -- env ACTIONS_RUNNER_INPUT_TOKEN=${remove.token} ./config.sh remove
    runuser -u ${rigLaneUser(name)} -- env ACTIONS_RUNNER_INPUT_TOKEN=${reg.token} ./config.sh --unattended --url ${rig.sim.url}/acme/api --name ${name} --labels lanekeeper-managed,api --work _work --disableupdate
    systemctl start lanekeeper-runner@${name}.service
  `);
  const legacyId = runnerNamed(name)!.id;
  expect(labelsOf(name)).toEqual(['self-hosted:read-only', 'Linux:read-only', 'X64:read-only', 'lanekeeper-managed:custom', 'api:custom']);
  await eventually(async () => (rig.sim.store.isOnline(runnerNamed(name)!) ? true : undefined));

  const { dry, applied } = await dryRunThenApply([{ name }]);
  expect(dry.plan.summary).toContain('| `~` | rec-legacy | rig-host | mismatched_labels | reconcile |');
  expect(applied.ok, applied.apply['rig-host']?.stdout).toBe(true);
  const steps = (applied.apply['rig-host']?.stdout ?? '') + (applied.apply['rig-host']?.stderr ?? '');
  expect(steps).toContain('labels set to [lanekeeper-managed]'); // drained first
  expect(steps).toContain('run config.sh remove --local in');
  expect(runnerNamed(name)!.id).not.toBe(legacyId);
  expect(labelsOf(name)).toEqual(['lanekeeper-managed:custom', 'api:custom']);
  expect((await laneState(name)).unit.activeState).toBe('active');
  // The next plan has nothing left to do.
  const again = await chain([{ name }], 'dry-run');
  expect(again.plan.outputs[Outputs.Changes]).toBe('0');
});

it('a job that points its lane\'s .runner at another runner\'s id cannot make the lane\'s removal delete that runner', async () => {
  const [forged, victim] = ['rec-forged', 'rec-victim'];
  const created = await dryRunThenApply([{ name: forged }, { name: victim }]);
  expect(created.applied.ok, created.applied.apply['rig-host']?.stdout).toBe(true);
  const victimId = runnerNamed(victim)!.id;
  const forgedId = runnerNamed(forged)!.id;
  // A job on the lane, as the lane's user: .runner is the lane's own file.
  await rig.host.container.sh(`runuser -u ${rigLaneUser(forged)} -- node -e '
    const fs = require("fs");
    const file = "${RIG_ROOT}/${forged}/.runner";
    const runner = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\\uFEFF/, ""));
    runner.agentId = ${victimId};
    fs.writeFileSync(file, "\\uFEFF" + JSON.stringify(runner));
  '`);
  expect((await laneState(forged)).identity?.agentId).toBe(victimId);

  const { dry, applied } = await dryRunThenApply([{ name: forged, ensure: 'absent' }, { name: victim }]);
  expect(dry.plan.summary).toContain(`| ${forged} | rig-host |`);
  expect(applied.ok, applied.apply['rig-host']?.stdout).toBe(true);
  expect(runnerNamed(victim)?.id).toBe(victimId);
  expect(rig.sim.runners('repo:acme/api').some((r) => r.id === forgedId)).toBe(false);
  expect((await laneState(victim)).unit.activeState).toBe('active');
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { LaneResult } from '../../src/apply/types.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import type { Plan } from '../../src/plan/types.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { ManualClock } from '../../src/util/clock.js';
import { FakeHost } from '../support/fake-host.js';
import { simClient, startCheckedSimulator } from '../support/github-sim.js';
import { observeAndPlan, simApplyDeps } from '../support/apply-world.js';
import { laneInput, policyOf } from '../support/policy-builders.js';

const clock = new ManualClock('2026-11-25T09:00:00Z');
let sim: GitHubSimulator;

beforeAll(async () => {
  sim = await startCheckedSimulator({ clock });
});
afterAll(async () => {
  expect(sim.violations()).toEqual([]);
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  sim.clearFaults();
});

function world(loaded: LoadedPolicy) {
  const host = new FakeHost('box1', sim);
  const secrets: string[] = [];
  const log: string[] = [];
  const github = new OctokitGitHubRunners(simClient(sim), { onSecret: (s) => secrets.push(s) });
  const deps = simApplyDeps({ sim, clock, host, github, gateTimeoutMs: 30_000, log: (l) => log.push(l), onSecret: (s) => secrets.push(s) });
  const plan = (): Promise<Plan> => observeAndPlan(loaded, deps);
  const apply = async (holder = 'run-1'): Promise<LaneResult[]> => applyPlan(await plan(), loaded.policy, holder, deps);
  return { host, deps, plan, apply, secrets, log };
}

/** A lane that is registered, supervised and online, made by a first apply. */
async function existingLane(loaded: LoadedPolicy) {
  const w = world(loaded);
  const [r] = await w.apply('setup');
  expect(r?.result).toBe('completed');
  return w;
}

const customLabels = (name: string) =>
  sim
    .runners('repo:acme/api')
    .find((r) => r.name === name)
    ?.labels.filter((l) => l.type === 'custom')
    .map((l) => l.name)
    .sort();

describe('apply executor (simulator + in-memory host)', () => {
  it('creates a lane from nothing: registered, supervised, online, exact labels, every gate passed', async () => {
    const loaded = policyOf([laneInput('l1')]);
    const w = world(loaded);
    const [r] = await w.apply();
    expect(r).toMatchObject({ lane: 'l1', action: 'create', result: 'completed', fencingToken: 1 });
    expect(r!.gates.every((g) => g.ok)).toBe(true);
    expect(r!.gates.map((g) => g.name)).toEqual([
      'unit enabled and active',
      'unit rendered by Lanekeeper',
      'process runs as the service user',
      'GitHub shows the lane online',
      'labels exactly the policy',
      'baseline ready',
    ]);
    expect(customLabels('l1')).toEqual(['api', 'lanekeeper-managed']);
    expect(w.host.lane('l1')).toMatchObject({ unitFile: 'rendered', enabled: true, active: true });
    expect(w.host.leases.size).toBe(0);
    // The registration token was masked before use and never logged.
    expect(w.secrets.length).toBeGreaterThan(0);
    for (const s of w.secrets) expect(w.log.join('\n')).not.toContain(s);
    // Running again: nothing to do.
    expect((await w.plan()).counts.changes).toBe(0);
  });

  it('removes a managed lane completely: registration, unit and directory', async () => {
    const first = await existingLaneState(policyOf([laneInput('l1', { ensure: 'absent' })]));
    expect(sim.runners('repo:acme/api')).toHaveLength(1);
    const [r] = await first.apply();
    expect(r).toMatchObject({ action: 'remove', result: 'completed' });
    expect(sim.runners('repo:acme/api')).toEqual([]);
    expect(first.host.lanes.has('l1')).toBe(false);
    expect(r!.gates.map((g) => [g.name, g.ok])).toEqual([
      ['registration gone from GitHub', true],
      ['unit removed', true],
      ['directory removed', true],
    ]);
  });

  it('restarting a busy lane waits for the job to finish before the restart', async () => {
    const w = await existingLane(policyOf([laneInput('l1')]));
    const id = sim.runners('repo:acme/api')[0]!.id;
    w.host.lane('l1').unitFile = 'outdated';
    sim.assignJob(id, 45_000);
    const started = clock.now().getTime();
    const [r] = await w.apply();
    expect(r).toMatchObject({ action: 'reconcile', result: 'completed' });
    const drain = r!.steps.find((s) => s.kind === 'drain.wait')!;
    expect(drain.result).toBe('ok');
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(45_000);
    const kinds = r!.steps.map((s) => s.kind);
    expect(kinds.indexOf('drain.wait')).toBeLessThan(kinds.indexOf('host.restart'));
    expect(customLabels('l1')).toEqual(['api', 'lanekeeper-managed']);
  });

  it('a drain that times out fails, restores the labels and restarts nothing', async () => {
    const w = await existingLane(policyOf([laneInput('l1', { drain: { timeoutSeconds: 10, onTimeout: 'fail' } })]));
    const id = sim.runners('repo:acme/api')[0]!.id;
    w.host.lane('l1').unitFile = 'outdated';
    sim.assignJob(id, 3_600_000);
    const before = w.host.calls.length;
    const [r] = await w.apply();
    expect(r).toMatchObject({ result: 'failed', failure: { step: 'drain.wait' } });
    expect(r!.failure!.recovery).toContain('drain.timeoutSeconds');
    expect(customLabels('l1')).toEqual(['api', 'lanekeeper-managed']);
    expect(w.host.calls.slice(before).map((c) => c.verb)).not.toContain('restart');
    expect(w.host.leases.size).toBe(0);
  });

  it('a drain that times out with onTimeout: skip leaves the lane as it was', async () => {
    const w = await existingLane(policyOf([laneInput('l1', { drain: { timeoutSeconds: 5, onTimeout: 'skip' } })]));
    w.host.lane('l1').unitFile = 'outdated';
    sim.assignJob(sim.runners('repo:acme/api')[0]!.id, 3_600_000);
    const [r] = await w.apply();
    expect(r!.result).toBe('skipped');
    expect(customLabels('l1')).toEqual(['api', 'lanekeeper-managed']);
  });

  it('a lease held by another apply: the lane fails at the lease and nothing is mutated', async () => {
    const loaded = policyOf([laneInput('l1')]);
    const w = world(loaded);
    await w.host.leaseAcquire({ lane: 'l1', root: '/srv/runners', user: 'runner', unit: 'lanekeeper-runner@l1.service' }, 'someone-else', 300);
    const [r] = await w.apply();
    expect(r).toMatchObject({ result: 'failed', failure: { step: 'lease.acquire' } });
    expect(w.host.mutatingCalls()).toEqual([]);
    expect(sim.runners('repo:acme/api')).toEqual([]);
  });

  it('a lease that expired during a long drain is taken over; the late holder changes nothing', async () => {
    const w = await existingLane(policyOf([laneInput('l1', { drain: { timeoutSeconds: 600, onTimeout: 'fail' } })]));
    w.host.lane('l1').unitFile = 'outdated';
    sim.assignJob(sim.runners('repo:acme/api')[0]!.id, 200_000);
    const ref = { lane: 'l1', root: '/srv/runners', user: 'runner', unit: 'lanekeeper-runner@l1.service' };
    // Time jumps past the lease's 60 s without a renewal (the holder hung); another apply takes over.
    let takenOver = false;
    const sleep = w.deps.sleep;
    (w.deps as { sleep: (ms: number) => Promise<void> }).sleep = async (ms) => {
      await sleep(ms);
      if (!takenOver && clock.now().getTime() - start > 90_000) {
        takenOver = true;
        await w.host.leaseAcquire(ref, 'run-2', 300);
      }
    };
    const start = clock.now().getTime();
    const before = w.host.calls.length;
    const [r] = await w.apply('run-1');
    expect(takenOver).toBe(true);
    expect(r!.result).toBe('failed');
    expect(r!.failure!.message).toMatch(/fencing token|lease/);
    const verbs = w.host.calls.slice(before).map((c) => c.verb);
    // After the drain, the first helper verb carried the stale token and was refused: the unit
    // file stays as it was and nothing is restarted.
    expect(r!.failure!.step).toBe('host.install-unit');
    expect(w.host.lane('l1').unitFile).toBe('outdated');
    expect(verbs).not.toContain('restart');
    expect(w.host.leases.get('l1')?.holder).toBe('run-2');
  });

  it('adopts a registered lane without registering it again', async () => {
    const w = await existingLane(policyOf([laneInput('l1')]));
    const id = sim.runners('repo:acme/api')[0]!.id;
    // The unit is gone (removed by hand); the registration and its directory stay.
    Object.assign(w.host.lane('l1'), { unitFile: 'absent', enabled: false, active: false });
    sim.store.byId(id)!.pinnedOnline = false;
    const [r] = await w.apply();
    expect(r).toMatchObject({ action: 'adopt', result: 'completed' });
    expect(r!.steps.map((s) => s.kind)).not.toContain('runner.configure');
    expect(sim.runners('repo:acme/api').map((x) => x.id)).toEqual([id]);
  });

  it('reconciles drifted labels through the labels API only', async () => {
    const w = await existingLane(policyOf([laneInput('l1')]));
    const id = sim.runners('repo:acme/api')[0]!.id;
    await w.deps.github.addLabels({ kind: 'repository', owner: 'acme', repo: 'api' }, id, ['stray']);
    const hostCallsBefore = w.host.mutatingCalls().length;
    const [r] = await w.apply();
    expect(r).toMatchObject({ action: 'reconcile', result: 'completed' });
    expect(w.host.mutatingCalls().slice(hostCallsBefore)).toEqual([]);
    expect(customLabels('l1')).toEqual(['api', 'lanekeeper-managed']);
  });
});

/** A world whose host already holds a supervised l1 registered in the simulator. */
async function existingLaneState(loaded: LoadedPolicy) {
  const setup = world(policyOf([laneInput('l1')]));
  await setup.apply('setup');
  const w = world(loaded);
  for (const [k, v] of setup.host.lanes) w.host.lanes.set(k, { ...v });
  return w;
}

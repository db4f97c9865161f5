/**
 * A fault at each GitHub call and each host step ends the lane `failed` in a safe state
 * (lease released, labels not left cordoned), and a second apply converges without a
 * duplicate registration or an orphan unit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import type { StepKind } from '../../src/plan/types.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { ManualClock } from '../../src/util/clock.js';
import { FakeHost, type FakeVerb } from '../support/fake-host.js';
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

function rig(host: FakeHost) {
  const github = new OctokitGitHubRunners(simClient(sim, { retries: 1 }), { onSecret: () => {} });
  const deps = simApplyDeps({ sim, clock, host, github, gateTimeoutMs: 20_000 });
  return async (loaded: LoadedPolicy) => {
    const plan = await observeAndPlan(loaded, deps);
    return { plan, results: await applyPlan(plan, loaded.policy, `run-${clock.now().getTime()}`, deps) };
  };
}

const present = () => policyOf([laneInput('l1')]);
const absent = () => policyOf([laneInput('l1', { ensure: 'absent' })]);

type Fault = { github: { method: string; path: string } } | { host: FakeVerb };
interface Case {
  name: string;
  policy: () => LoadedPolicy;
  /** Bring the lane into the starting state (a supervised lane for remove/restart). */
  setup?: 'supervised' | 'supervised-outdated' | 'github-only';
  fault: Fault;
  failsAt: StepKind | 'gates';
}

const cases: Case[] = [
  { name: 'lease-acquire refused', policy: present, fault: { host: 'lease-acquire' }, failsAt: 'lease.acquire' },
  { name: 'prepare-directory fails', policy: present, fault: { host: 'prepare-directory' }, failsAt: 'runner.prepare-directory' },
  { name: 'registration token 500', policy: present, fault: { github: { method: 'POST', path: 'registration-token$' } }, failsAt: 'runner.configure' },
  { name: 'config.sh fails', policy: present, fault: { host: 'configure' }, failsAt: 'runner.configure' },
  { name: 'install-or-update-unit fails', policy: present, fault: { host: 'install-or-update-unit' }, failsAt: 'host.install-unit' },
  { name: 'daemon-reload fails', policy: present, fault: { host: 'daemon-reload' }, failsAt: 'host.daemon-reload' },
  { name: 'enable-now fails', policy: present, fault: { host: 'enable-now' }, failsAt: 'host.enable-now' },
  { name: 'set labels 502', policy: present, fault: { github: { method: 'PUT', path: '/labels$' } }, failsAt: 'github.set-labels' },
  { name: 'cordon 500 (reconcile)', policy: present, setup: 'supervised-outdated', fault: { github: { method: 'PUT', path: '/labels$' } }, failsAt: 'github.cordon' },
  { name: 'restart fails (reconcile)', policy: present, setup: 'supervised-outdated', fault: { host: 'restart' }, failsAt: 'host.restart' },
  { name: 'stop fails (remove)', policy: absent, setup: 'supervised', fault: { host: 'stop' }, failsAt: 'host.stop' },
  { name: 'delete runner 500 (remove)', policy: absent, setup: 'supervised', fault: { github: { method: 'DELETE', path: '/actions/runners/\\d+$' } }, failsAt: 'github.delete-runner' },
  { name: 'config.sh remove fails (remove)', policy: absent, setup: 'supervised', fault: { host: 'unconfigure' }, failsAt: 'runner.unconfigure' },
  { name: 'delete runner 500 (remove a stale registration)', policy: absent, setup: 'github-only', fault: { github: { method: 'DELETE', path: '/actions/runners/\\d+$' } }, failsAt: 'github.delete-runner' },
  { name: 'disable fails (remove)', policy: absent, setup: 'supervised', fault: { host: 'disable' }, failsAt: 'host.disable' },
  { name: 'remove-unit fails (remove)', policy: absent, setup: 'supervised', fault: { host: 'remove-unit' }, failsAt: 'host.remove-unit' },
  { name: 'remove-directory fails (remove)', policy: absent, setup: 'supervised', fault: { host: 'remove-directory' }, failsAt: 'runner.remove-directory' },
];

describe('faults at each step end failed and safe; a second apply converges', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const host = new FakeHost('box1', sim);
      const run = rig(host);
      if (c.setup === 'github-only') {
        sim.addRunner('repo:acme/api', { name: 'l1', status: 'offline', labels: ['lanekeeper-managed', 'api'] });
      } else if (c.setup) {
        const { results } = await run(present());
        expect(results[0]?.result).toBe('completed');
        if (c.setup === 'supervised-outdated') host.lane('l1').unitFile = 'outdated';
      }

      let faultId: number | undefined;
      if ('github' in c.fault) faultId = sim.addFault({ method: c.fault.github.method, path: c.fault.github.path, effect: { kind: 'status', status: 500 } });
      else host.failNext(c.fault.host, 1);

      const first = await run(c.policy());
      expect(first.results).toHaveLength(1);
      const r = first.results[0]!;
      expect(r.result).toBe('failed');
      expect(r.failure?.step).toBe(c.failsAt);
      expect(r.failure?.recovery.length).toBeGreaterThan(20);
      // Safe state: the lease is released and a registered runner is not left cordoned.
      expect(host.leases.size).toBe(0);
      if (faultId !== undefined) sim.removeFault(faultId);
      const runner = sim.runners('repo:acme/api').find((x) => x.name === 'l1');
      if (runner && c.fault && !('github' in c.fault && c.fault.github.path === '/labels$')) {
        expect(runner.labels.filter((l) => l.type === 'custom').map((l) => l.name).sort()).toEqual(['api', 'lanekeeper-managed']);
      }

      // Converge: plan again (the plan may now say something else) and apply.
      let outcome = await run(c.policy());
      if (outcome.plan.counts.blocked > 0) {
        throw new Error(`after the fault the plan is blocked: ${JSON.stringify(outcome.plan.lanes[0]?.blockers)}`);
      }
      if (outcome.results[0]?.result !== 'completed' && outcome.plan.counts.changes > 0) outcome = await run(c.policy());
      const final = await run(c.policy());
      expect(final.plan.counts.changes, JSON.stringify(final.plan.lanes[0])).toBe(0);
      const named = sim.runners('repo:acme/api').filter((x) => x.name === 'l1');
      if (c.policy === present) {
        expect(named).toHaveLength(1);
        expect(host.lane('l1')).toMatchObject({ unitFile: 'rendered', enabled: true, active: true });
      } else {
        expect(named).toHaveLength(0);
        expect(host.lanes.has('l1')).toBe(false);
      }
    });
  }
});

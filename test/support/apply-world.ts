/**
 * Apply's ports for the unit tests: the simulator through the real Octokit stack, the in-memory
 * host, and a sleep that moves the simulator's manual clock instead of waiting.
 */
import type { ApplyDeps } from '../../src/apply/types.js';
import type { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import { observe } from '../../src/inventory/observe.js';
import { buildPlan } from '../../src/plan/planner.js';
import type { Plan } from '../../src/plan/types.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import type { ManualClock } from '../../src/util/clock.js';
import type { FakeHost } from './fake-host.js';

export function simApplyDeps(o: {
  sim: GitHubSimulator;
  clock: ManualClock;
  host: FakeHost;
  github: OctokitGitHubRunners;
  gateTimeoutMs: number;
  log?: (line: string) => void;
  onSecret?: (value: string) => void;
}): ApplyDeps {
  return {
    github: o.github,
    host: o.host,
    clock: o.sim.clock,
    sleep: async (ms) => {
      o.clock.advance(ms);
    },
    log: o.log ?? (() => {}),
    onSecret: o.onSecret ?? (() => {}),
    serverUrl: 'https://github.com',
    timing: { leaseTtlSeconds: 60, pollMs: 1000, gateTimeoutMs: o.gateTimeoutMs },
  };
}

/** Inventory of GitHub and the in-memory host, then the plan, as apply's caller makes it. */
export async function observeAndPlan(loaded: LoadedPolicy, deps: ApplyDeps): Promise<Plan> {
  const observed = await observe(loaded.policy, loaded.policy.lanes, { github: deps.github, hosts: [deps.host], clock: deps.clock });
  return buildPlan(loaded.policy, loaded.problems, observed);
}

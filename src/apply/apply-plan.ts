import type { LanePlan, Plan } from '../plan/types.js';
import type { DesiredLane, Policy } from '../policy/types.js';
import { applyLane } from './executor.js';
import type { ApplyDeps, LaneResult } from './types.js';

/** The lanes an apply on this host acts on: ready, with something to do. */
export function lanesToApply(plan: Plan, policy: Policy, host: string): { lane: DesiredLane; plan: LanePlan }[] {
  return plan.lanes
    .filter((l) => l.host === host && l.status === 'ready' && l.action !== 'noop')
    .map((l) => ({ lane: policy.lanes.find((d) => d.name === l.lane && d.path === l.path)!, plan: l }))
    .filter((x) => x.lane !== undefined);
}

/** Applies lane after lane (one lane's failure does not stop the others; each is leased on its own). */
export async function applyPlan(plan: Plan, policy: Policy, holder: string, deps: ApplyDeps): Promise<LaneResult[]> {
  const results: LaneResult[] = [];
  for (const { lane, plan: lanePlan } of lanesToApply(plan, policy, deps.host.host)) {
    results.push(await applyLane(lane, lanePlan, policy, holder, deps));
  }
  return results;
}

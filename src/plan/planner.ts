import { sharedServiceUsers } from '../policy/checks.js';
import type { PolicyProblem } from '../policy/errors.js';
import type { DesiredLane, Policy } from '../policy/types.js';
import { baselineDigest, observedDigest, planDigest } from './digest.js';
import { planLane } from './lane-plan.js';
import type { ObservedState } from './observed.js';
import { ACTIONS, type Action, type Blocker, type ForeignRunner, type LanePlan, type Plan, type PlanCounts, type PlanWarning } from './types.js';

export interface PlanOptions {
  /** A lane name, a pool's base name (selects `<name>-1..N`), or `all` (default). */
  readonly only?: string | undefined;
}

/**
 * The planner: a pure function from the policy (+ its problems) and the observed state to a plan.
 * No I/O, no clock. Foreign runners are reported and never get an action.
 */
export function buildPlan(policy: Policy, problems: readonly PolicyProblem[], observed: ObservedState, options: PlanOptions = {}): Plan {
  const selected = selectLanes(policy.lanes, options.only);
  const scopes = new Map(observed.github.map((s) => [s.scope, s]));
  const baselines = new Map(Object.values(observed.hosts).map((h) => [h.host, baselineDigest(h.baseline)]));
  const lanes: LanePlan[] = selected.map((lane) =>
    planLane(lane, { policy, problems, scope: scopes.get(lane.scopeKey), host: observed.hosts[lane.host], baselineDigest: baselines.get(lane.host) ?? baselineDigest([]) }),
  );
  lanes.sort(laneOrder);

  const laneNamesByScope = new Map<string, Set<string>>();
  for (const lane of policy.lanes) {
    const set = laneNamesByScope.get(lane.scopeKey) ?? new Set<string>();
    set.add(lane.name);
    laneNamesByScope.set(lane.scopeKey, set);
  }
  const foreign: ForeignRunner[] = [];
  const orphans: Plan['unclaimed'][number][] = [];
  for (const scope of observed.github) {
    for (const r of scope.runners) {
      const managed = r.labels.some((l) => l.type === 'custom' && l.name === policy.managedLabel);
      if (!managed) {
        foreign.push({ scope: scope.scope, id: r.id, name: r.name, status: r.status, labels: r.labels, shape: 'foreign', action: 'none' });
      } else if (!laneNamesByScope.get(scope.scope)?.has(r.name)) {
        const detail = `runner #${r.id} carries "${policy.managedLabel}" but no lane claims it; add the lane with ensure: absent to remove it`;
        orphans.push({ host: scope.scope, kind: 'registration', name: r.name, detail });
      }
    }
  }
  foreign.sort((a, b) => (a.scope === b.scope ? a.id - b.id : a.scope < b.scope ? -1 : 1));

  const selectedHosts = new Set(selected.map((l) => l.host));
  const unclaimed = Object.values(observed.hosts)
    .filter((h) => selectedHosts.has(h.host) || options.only === undefined || options.only === 'all')
    .flatMap((h) => h.unclaimed.map((u): Plan['unclaimed'][number] => ({ host: h.host, kind: u.kind, name: u.name, detail: u.detail })))
    .concat(orphans)
    .sort((a, b) => (a.host + a.name < b.host + b.name ? -1 : 1));

  const policyProblems: Blocker[] = problems
    .filter((p) => !p.lane)
    .map((p) => ({ code: p.code ?? 'stale_state', message: p.message, fix: p.fix, path: p.path }));

  const warnings: PlanWarning[] = sharedServiceUsers(policy)
    .filter((s) => s.allowed && s.lanes.some((l) => selected.includes(l)))
    .map((s) => ({
      code: 'service_user_shared',
      path: `hosts.${s.host}.sharedServiceUsers`,
      message: `lanes ${s.lanes.map((l) => l.name).join(', ')} on ${s.host} share the service user ${s.user}: a job on one of them can read their credentials and rewrite their runners`,
    }));
  // Seen by the hosts job (ops-runners): the ops runners' runner group admits more than it should.
  for (const w of observed.warnings ?? []) warnings.push({ code: w.code, path: w.path, message: w.message });
  const body = {
    schemaVersion: 1 as const,
    policyDigest: policy.digest,
    observedDigest: observedDigest(observed),
    lanes,
    foreign,
    unclaimed,
    policyProblems,
    ...(warnings.length > 0 ? { warnings } : {}),
    counts: countPlan(lanes, foreign.length),
  };
  return { ...body, digest: planDigest(body) };
}

export function selectLanes(lanes: readonly DesiredLane[], only: string | undefined): DesiredLane[] {
  if (!only || only === 'all') return [...lanes];
  return lanes.filter((l) => l.name === only || (l.name.startsWith(`${only}-`) && /^\d+$/.test(l.name.slice(only.length + 1))));
}

function laneOrder(a: LanePlan, b: LanePlan): number {
  if (a.status !== b.status) return a.status === 'blocked' ? -1 : 1;
  return a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function countPlan(lanes: readonly LanePlan[], foreign: number): PlanCounts {
  const byAction = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const l of lanes) if (l.status === 'ready') byAction[l.action]++;
  const ready = lanes.filter((l) => l.status === 'ready').length;
  return {
    lanes: lanes.length,
    ready,
    blocked: lanes.length - ready,
    changes: lanes.filter((l) => l.status === 'ready' && l.action !== 'noop').length,
    foreign,
    byAction,
  };
}

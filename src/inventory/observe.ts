import type { GitHubRunners } from '../github/port.js';
import { observeGitHub } from '../github/inventory.js';
import type { HostAgent, LaneRef } from '../host/port.js';
import type { HostObservation, ObservedState } from '../plan/observed.js';
import type { DesiredLane, Policy, Scope } from '../policy/types.js';
import { parseScopeKey } from '../policy/types.js';
import type { Clock } from '../util/clock.js';

export interface ObserveDeps {
  readonly github: GitHubRunners;
  /** The hosts this process can reach (one on an ops runner); others are not observed. */
  readonly hosts: readonly HostAgent[];
  readonly clock: Clock;
}

export function laneRefOf(lane: DesiredLane): LaneRef {
  return { lane: lane.name, root: lane.registrationRoot, user: lane.serviceUser, unit: lane.unit };
}

/** Every scope the policy names: those of its lanes and its allowlists, each once. */
export function policyScopes(policy: Policy, lanes: readonly DesiredLane[] = policy.lanes): Scope[] {
  const keys = new Set<string>(lanes.map((l) => l.scopeKey));
  for (const r of policy.repositories) keys.add(`repo:${r}`);
  for (const o of policy.organizations) keys.add(`org:${o}`);
  return [...keys].sort().map(parseScopeKey);
}

/**
 * Inventory: one paginated listing per scope, one `status` call per reachable host for the
 * lanes the policy puts there. A host that fails is recorded with its error, never dropped.
 */
export async function observe(policy: Policy, lanes: readonly DesiredLane[], deps: ObserveDeps, scopes: readonly Scope[] = policyScopes(policy, lanes)): Promise<ObservedState> {
  const github = await observeGitHub(scopes, deps.github);
  const hosts: Record<string, HostObservation> = {};
  for (const agent of deps.hosts) {
    const refs = lanes.filter((l) => l.host === agent.host).map(laneRefOf);
    try {
      hosts[agent.host] = await agent.status(refs);
    } catch (e) {
      hosts[agent.host] = { host: agent.host, error: (e as Error).message, lanes: {}, unclaimed: [], baseline: [] };
    }
  }
  return { schemaVersion: 1, observedAt: deps.clock.now().toISOString(), github, hosts };
}


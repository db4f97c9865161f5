import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import type { ObservedState } from './observed.js';

/**
 * Fields that change while the lane stays the same: when the inventory ran, process ids,
 * restart counters, raw measured figures. They are left out of every digest, so a plan made
 * a minute ago is not "stale" only because time passed; everything else counts.
 */
export const VOLATILE_OBSERVED_FIELDS = [
  'observedAt',
  'hosts.*.lanes.*.unit.mainPid',
  'hosts.*.lanes.*.unit.restarts',
  'hosts.*.lanes.*.unsupervisedListener.pid',
  'hosts.*.baseline[].measured',
] as const;

export function stableObserved(observed: ObservedState): unknown {
  const hosts: Record<string, unknown> = {};
  for (const [name, host] of Object.entries(observed.hosts)) {
    const lanes: Record<string, unknown> = {};
    for (const [lane, l] of Object.entries(host.lanes)) {
      const { mainPid: _pid, restarts: _restarts, ...unit } = l.unit;
      const listener = l.unsupervisedListener ? { user: l.unsupervisedListener.user } : null;
      lanes[lane] = { ...l, unit, unsupervisedListener: listener };
    }
    hosts[name] = { ...host, lanes, baseline: host.baseline.map(({ measured: _m, ...check }) => check) };
  }
  const github = [...observed.github]
    .map((s) => ({ ...s, runners: [...s.runners].sort((a, b) => a.id - b.id) }))
    .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  return { schemaVersion: observed.schemaVersion, github, hosts };
}

export function observedDigest(observed: ObservedState): string {
  return sha256Hex(canonicalJson(stableObserved(observed)));
}

export function planDigest(planWithoutDigest: unknown, observed: ObservedState): string {
  return sha256Hex(canonicalJson({ plan: planWithoutDigest, observed: stableObserved(observed) }));
}

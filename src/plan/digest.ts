import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import type { BaselineCheck, GitHubRunner, HostLaneObservation, ObservedState } from './observed.js';

/**
 * Fields that change while the lane stays the same: when the inventory ran, whether a job runs
 * right now (busy, Runner.Worker: apply drains whatever it was at planning time), process ids,
 * restart counters, raw measured figures and the evidence text of baseline checks (free disk
 * space moves all the time; whether the check passed is what counts). They are left out of every digest, so a plan made
 * a minute ago is not "stale" only because time passed; everything else counts.
 */
export const VOLATILE_OBSERVED_FIELDS = [
  'observedAt',
  'github[].runners[].busy',
  'hosts.*.lanes.*.workerRunning',
  'hosts.*.lanes.*.unit.mainPid',
  'hosts.*.lanes.*.unit.restarts',
  'hosts.*.lanes.*.unsupervisedListener.pid',
  'hosts.*.baseline[].measured',
  'hosts.*.baseline[].evidence',
] as const;

function stableHostLane(l: HostLaneObservation): unknown {
  const { mainPid: _pid, restarts: _restarts, ...unit } = l.unit;
  const { workerRunning: _worker, ...lane } = l;
  const listener = l.unsupervisedListener ? { user: l.unsupervisedListener.user } : null;
  return { ...lane, unit, unsupervisedListener: listener };
}

function stableRunner(r: GitHubRunner): unknown {
  const { busy: _busy, ...runner } = r;
  return runner;
}

function stableBaseline(baseline: readonly BaselineCheck[]): unknown {
  return baseline.map(({ id, subject, ok }) => ({ id, subject, ok }));
}

/** Digest of a host's baseline checks (what passed, not the evidence text); one per host. */
export function baselineDigest(baseline: readonly BaselineCheck[]): string {
  return sha256Hex(canonicalJson(stableBaseline(baseline)));
}

/** Digest of the observed facts one lane's plan depends on. */
export function laneBasisDigest(basis: {
  runner: GitHubRunner | null;
  scopeError: string | null;
  hostError: string | null;
  hostLane: HostLaneObservation | null;
  baselineDigest: string;
}): string {
  return sha256Hex(
    canonicalJson({
      runner: basis.runner ? stableRunner(basis.runner) : null,
      scopeError: basis.scopeError,
      hostError: basis.hostError,
      hostLane: basis.hostLane ? stableHostLane(basis.hostLane) : null,
      baseline: basis.baselineDigest,
    }),
  );
}

export function stableObserved(observed: ObservedState): unknown {
  const hosts: Record<string, unknown> = {};
  for (const [name, host] of Object.entries(observed.hosts)) {
    const lanes: Record<string, unknown> = {};
    for (const [lane, l] of Object.entries(host.lanes)) lanes[lane] = stableHostLane(l);
    hosts[name] = { ...host, lanes, baseline: stableBaseline(host.baseline) };
  }
  const github = [...observed.github]
    .map((s) => ({ ...s, runners: [...s.runners].sort((a, b) => a.id - b.id).map(stableRunner) }))
    .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  return { schemaVersion: observed.schemaVersion, github, hosts };
}

export function observedDigest(observed: ObservedState): string {
  return sha256Hex(canonicalJson(stableObserved(observed)));
}

/**
 * The plan digest: the plan body, which carries `observedDigest`, so the observed state it was
 * built from is covered without hashing it a second time.
 */
export function planDigest(planWithoutDigest: { readonly observedDigest: string }): string {
  return sha256Hex(canonicalJson(planWithoutDigest));
}

/**
 * Small builders for observed state, so each planner test states only the facts it is about.
 */
import type {
  BaselineCheck,
  GitHubRunner,
  GitHubScopeObservation,
  HostLaneObservation,
  HostObservation,
  ObservedState,
  UnitObservation,
} from '../../src/plan/observed.js';

export const MANAGED = 'lanekeeper-managed';

/**
 * A runner as GitHub lists it. Lanes register with --no-default-labels, so by default it carries
 * only custom labels; `readOnly: true` adds self-hosted/Linux/X64 (a runner registered without it).
 */
export function runner(id: number, name: string, o: Partial<GitHubRunner> & { custom?: string[]; readOnly?: boolean } = {}): GitHubRunner {
  const custom = o.custom ?? [MANAGED];
  const readOnly = o.readOnly ?? false;
  return {
    id,
    name,
    status: o.status ?? 'online',
    busy: o.busy ?? false,
    os: o.os ?? 'Linux',
    labels:
      o.labels ?? [
        ...(readOnly
          ? [
              { name: 'self-hosted', type: 'read-only' as const },
              { name: 'Linux', type: 'read-only' as const },
              { name: 'X64', type: 'read-only' as const },
            ]
          : []),
        ...custom.map((name) => ({ name, type: 'custom' as const })),
      ],
  };
}

export function unit(name: string, o: Partial<UnitObservation> = {}): UnitObservation {
  return {
    name,
    fileState: 'absent',
    activeState: 'inactive',
    subState: 'dead',
    renderedByLanekeeper: false,
    matchesRendered: false,
    mainPid: null,
    mainPidUser: null,
    restarts: 0,
    ...o,
  };
}

export function activeUnit(name: string, user: string, o: Partial<UnitObservation> = {}): UnitObservation {
  return unit(name, {
    fileState: 'enabled',
    activeState: 'active',
    subState: 'running',
    renderedByLanekeeper: true,
    matchesRendered: true,
    mainPid: 4242,
    mainPidUser: user,
    restarts: 0,
    ...o,
  });
}

export interface LaneFacts {
  root?: string;
  unit?: UnitObservation;
  configured?: { url: string; agentId?: number };
  runnerInstalled?: boolean;
  directoryExists?: boolean;
  version?: string | null;
  workerRunning?: boolean;
  unsupervisedListener?: { pid: number; user: string } | null;
  identity?: HostLaneObservation['identity'];
  credentialsPresent?: boolean;
}

export function hostLane(lane: string, f: LaneFacts = {}): HostLaneObservation {
  const root = f.root ?? '/srv/runners';
  const identity = f.identity !== undefined ? f.identity : f.configured ? { agentId: f.configured.agentId ?? 1, agentName: lane, gitHubUrl: f.configured.url } : null;
  const configured = identity !== null;
  return {
    lane,
    directory: `${root}/${lane}`,
    directoryExists: f.directoryExists ?? (configured || f.runnerInstalled === true),
    runnerInstalled: f.runnerInstalled ?? configured,
    identity,
    credentialsPresent: f.credentialsPresent ?? configured,
    runnerVersion: f.version !== undefined ? f.version : configured ? '2.330.0' : null,
    unit: f.unit ?? unit(`lanekeeper-runner@${lane}.service`),
    workerRunning: f.workerRunning ?? false,
    unsupervisedListener: f.unsupervisedListener ?? null,
  };
}

export function okBaseline(host: string, users = ['runner'], roots = ['/srv/runners']): BaselineCheck[] {
  return [
    ...users.map((u) => ({ id: 'service-user' as const, subject: u, ok: true, evidence: `user ${u} exists (uid 1001)` })),
    ...roots.map((r) => ({ id: 'disk-space' as const, subject: r, ok: true, evidence: `free space under ${r} is above 2 GiB`, measured: 50_000_000_000 })),
    { id: 'runner-dependencies' as const, subject: host, ok: true, evidence: 'libicu, libssl and libkrb5 present' },
  ];
}

export function host(name: string, lanes: HostLaneObservation[], o: Partial<HostObservation> = {}): HostObservation {
  return {
    host: name,
    lanes: Object.fromEntries(lanes.map((l) => [l.lane, l])),
    unclaimed: [],
    baseline: okBaseline(name),
    ...o,
  };
}

export function scope(key: GitHubScopeObservation['scope'], runners: GitHubRunner[], error?: string): GitHubScopeObservation {
  return error ? { scope: key, runners, error } : { scope: key, runners };
}

export function observed(github: GitHubScopeObservation[], hosts: HostObservation[], observedAt = '2026-11-25T10:00:00.000Z'): ObservedState {
  return { schemaVersion: 1, observedAt, github, hosts: Object.fromEntries(hosts.map((h) => [h.host, h])) };
}

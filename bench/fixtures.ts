/**
 * Synthetic, deterministic inputs at the scale the benchmarks ask for: 10,000 runners over 500
 * repositories and 5 organisations (unevenly: empty scopes, scopes of exactly 100 and of several
 * pages), and a 10,000-lane policy on 200 hosts with an observed state of realistic shapes.
 * Everything comes from a seeded generator, so every run measures the same inputs.
 */
import type { GitHubRunner, GitHubScopeObservation, HostLaneObservation, HostObservation, ObservedState } from '../src/plan/observed.js';
import type { PolicyInput } from '../src/policy/schema.js';
import type { ScopeKey } from '../src/policy/types.js';
import { activeUnit, hostLane, MANAGED, okBaseline, runner, unit } from '../test/support/observed-builders.js';

/** mulberry32: a small seeded generator, good enough to spread synthetic load. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export const ORGANIZATIONS = ['acme', 'globex', 'initech', 'umbrella', 'hooli'] as const;
export const REPOSITORIES_PER_ORG = 100;

/** 500 repositories, 100 per organisation: `acme/repo-001` ... `hooli/repo-100`. */
export function repositories(): string[] {
  return ORGANIZATIONS.flatMap((org) => Array.from({ length: REPOSITORIES_PER_ORG }, (_, i) => `${org}/repo-${String(i + 1).padStart(3, '0')}`));
}

export interface ScopeLoad {
  readonly scope: ScopeKey;
  readonly runners: number;
}

/**
 * How 10,000 runners spread over the 505 scopes. Organisations: 1,200, 450, 100 (one full page),
 * 0 and 250. Repositories: 75 empty, one each of 100, 101, 200, 250 and 349 runners, 20 of 150,
 * and 400 small ones (1-19 runners) that make up the remaining 4,000; shuffled over the names.
 */
export function inventoryLoad(seed = 8): ScopeLoad[] {
  const random = seeded(seed);
  const orgCounts = [1_200, 450, 100, 0, 250];
  const small = Array.from({ length: 400 }, () => 1 + Math.floor(random() * 19));
  let excess = small.reduce((a, b) => a + b, 0) - 4_000;
  while (excess !== 0) {
    const i = Math.floor(random() * small.length);
    if (excess > 0 && small[i]! > 1) {
      small[i]! -= 1;
      excess -= 1;
    } else if (excess < 0 && small[i]! < 99) {
      small[i]! += 1;
      excess += 1;
    }
  }
  const repoCounts = shuffle([...Array<number>(75).fill(0), 100, 101, 200, 250, 349, ...Array<number>(20).fill(150), ...small], random);
  return [
    ...ORGANIZATIONS.map((org, i): ScopeLoad => ({ scope: `org:${org}`, runners: orgCounts[i]! })),
    ...repositories().map((repo, i): ScopeLoad => ({ scope: `repo:${repo}`, runners: repoCounts[i]! })),
  ];
}

// ---- the 10,000-lane policy and its observed state ---------------------------------------------

export const HOSTS = 200;
export const LANES_PER_HOST = 50;
export const POOLS_PER_HOST = 5;
const ROOT = '/srv/runners';
const USER = 'runner';
const SERVER = 'https://github.com';

export function hostName(i: number): string {
  return `host-${String(i).padStart(3, '0')}`;
}

/** Five pool sizes per host, 2 to 18 lanes each, that add up to 50. */
function poolSizes(random: () => number): number[] {
  for (;;) {
    const sizes = Array.from({ length: POOLS_PER_HOST - 1 }, () => 2 + Math.floor(random() * 17));
    const last = LANES_PER_HOST - sizes.reduce((a, b) => a + b, 0);
    if (last >= 2 && last <= 18) return [...sizes, last];
  }
}

type LaneEntry = NonNullable<PolicyInput['lanes']>[number];

/**
 * A policy of 1,000 `count` pools (5 per host, one repository or organisation each; about one
 * pool in ten is an organisation pool in a runner group) that expands to 10,000 lanes.
 */
export function scalePolicy(seed = 2): PolicyInput {
  const random = seeded(seed);
  const repos = repositories();
  const lanes: LaneEntry[] = [];
  const hosts: PolicyInput['hosts'] = {};
  for (let h = 0; h < HOSTS; h++) {
    const host = hostName(h);
    hosts[host] = { approved: true, registrationRoots: [ROOT], serviceUsers: [USER] };
    poolSizes(random).forEach((count, p) => {
      const orgPool = random() < 0.1;
      const scope = orgPool
        ? { organization: ORGANIZATIONS[Math.floor(random() * ORGANIZATIONS.length)]!, runnerGroup: `group-${p + 1}` }
        : { repository: repos[(h * POOLS_PER_HOST + p) % repos.length]! };
      lanes.push({
        name: `h${String(h).padStart(3, '0')}-p${p + 1}`,
        ...scope,
        host,
        registrationRoot: ROOT,
        serviceUser: USER,
        labels: [MANAGED, 'linux', `pool-${p + 1}`],
        runnerVersion: { minimum: '2.330.0' },
        count,
        drain: { timeoutSeconds: 600, onTimeout: 'fail' },
      });
    });
  }
  return { version: 1, managedLabel: MANAGED, repositories: repos, organizations: [...ORGANIZATIONS], hosts, lanes };
}

/** A lane of the expanded policy, the fields the observed-state builder needs. */
export interface LaneFact {
  readonly name: string;
  readonly host: string;
  readonly scopeKey: ScopeKey;
  readonly scopePath: string;
  readonly labels: readonly string[];
}

export function expandLanes(policy: PolicyInput): LaneFact[] {
  return (policy.lanes ?? []).flatMap((entry) => {
    const scopeKey: ScopeKey = entry.repository ? `repo:${entry.repository}` : `org:${entry.organization!}`;
    const scopePath = entry.repository ?? entry.organization!;
    const names = entry.count === undefined ? [entry.name] : Array.from({ length: entry.count }, (_, i) => `${entry.name}-${i + 1}`);
    return names.map((name) => ({ name, host: entry.host, scopeKey, scopePath, labels: entry.labels }));
  });
}

export type ObservedShape = 'supervised_active' | 'absent' | 'mismatched_labels' | 'supervised_inactive' | 'github_only' | 'local_service_only' | 'version_drift';

/** The share of lanes in each shape: most lanes are fine, as on a real fleet. */
export const SHAPE_MIX: readonly (readonly [ObservedShape, number])[] = [
  ['supervised_active', 0.85],
  ['absent', 0.05],
  ['mismatched_labels', 0.04],
  ['supervised_inactive', 0.02],
  ['github_only', 0.02],
  ['local_service_only', 0.01],
  ['version_drift', 0.01],
];

function pickShape(r: number): ObservedShape {
  let acc = 0;
  for (const [shape, share] of SHAPE_MIX) {
    acc += share;
    if (r < acc) return shape;
  }
  return 'supervised_active';
}

/**
 * Observed state for `policy`: lanes in the shapes of SHAPE_MIX, foreign (unmanaged) runners in
 * about a third of the scopes, a few managed runners no lane claims, unclaimed directories on
 * one host in ten and a failed disk-space check on two hosts.
 */
export function scaleObserved(policy: PolicyInput, seed = 3): { observed: ObservedState; shapes: Record<ObservedShape, number> } {
  const random = seeded(seed);
  const shapes = Object.fromEntries(SHAPE_MIX.map(([s]) => [s, 0])) as Record<ObservedShape, number>;
  const scopes = new Map<ScopeKey, GitHubRunner[]>();
  for (const repo of policy.repositories ?? []) scopes.set(`repo:${repo}`, []);
  for (const org of policy.organizations ?? []) scopes.set(`org:${org}`, []);
  const hostLanes = new Map<string, HostLaneObservation[]>();
  let nextId = 10_000;

  for (const lane of expandLanes(policy)) {
    const shape = pickShape(random());
    shapes[shape] += 1;
    const url = `${SERVER}/${lane.scopePath}`;
    const id = nextId++;
    const unitName = `lanekeeper-runner@${lane.name}.service`;
    const runners = scopes.get(lane.scopeKey)!;
    const lanes = hostLanes.get(lane.host) ?? [];
    hostLanes.set(lane.host, lanes);
    const supervised = (o: Parameters<typeof activeUnit>[2] = {}) => hostLane(lane.name, { configured: { url, agentId: id }, unit: activeUnit(unitName, USER, { mainPid: 1000 + (id % 30_000), ...o }) });
    switch (shape) {
      case 'supervised_active':
        runners.push(runner(id, lane.name, { custom: [...lane.labels], busy: random() < 0.3 }));
        lanes.push(supervised());
        break;
      case 'absent':
        lanes.push(hostLane(lane.name));
        break;
      case 'mismatched_labels':
        runners.push(runner(id, lane.name, { custom: [MANAGED, 'linux', 'drifted'] }));
        lanes.push(supervised());
        break;
      case 'supervised_inactive':
        runners.push(runner(id, lane.name, { custom: [...lane.labels], status: 'offline' }));
        lanes.push(supervised({ activeState: 'failed', subState: 'failed', mainPid: null, mainPidUser: null, restarts: 5 }));
        break;
      case 'github_only':
        runners.push(runner(id, lane.name, { custom: [...lane.labels], status: 'offline' }));
        lanes.push(hostLane(lane.name));
        break;
      case 'local_service_only':
        lanes.push(supervised());
        break;
      case 'version_drift':
        runners.push(runner(id, lane.name, { custom: [...lane.labels] }));
        lanes.push(hostLane(lane.name, { configured: { url, agentId: id }, unit: activeUnit(unitName, USER), version: '2.320.0' }));
        break;
    }
  }

  for (const [key, runners] of scopes) {
    if (random() < 0.33) {
      const n = 1 + Math.floor(random() * 3);
      for (let i = 0; i < n; i++) runners.push(runner(nextId++, `build-box-${i + 1}`, { custom: ['gpu'] }));
    }
    if (random() < 0.02) runners.push(runner(nextId++, `retired-${key.length}`, { status: 'offline' }));
  }

  const github: GitHubScopeObservation[] = [...scopes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([scope, runners]) => ({ scope, runners: runners.sort((a, b) => a.id - b.id) }));
  const hosts: Record<string, HostObservation> = {};
  for (let h = 0; h < HOSTS; h++) {
    const name = hostName(h);
    const baseline = okBaseline(name);
    hosts[name] = {
      host: name,
      lanes: Object.fromEntries((hostLanes.get(name) ?? []).map((l) => [l.lane, l])),
      unclaimed: h % 10 === 0 ? [{ kind: 'directory', name: `${ROOT}/old-runner`, detail: 'a runner directory no lane claims' }] : [],
      baseline:
        h === 17 || h === 142
          ? baseline.map((c) => (c.id === 'disk-space' ? { ...c, ok: false, evidence: `free space under ${ROOT} is 300 MiB, below 2 GiB`, measured: 300 * 1024 ** 2 } : c))
          : baseline,
    };
  }
  return { observed: { schemaVersion: 1, observedAt: '2026-11-25T10:00:00.000Z', github, hosts }, shapes };
}

/** The same lanes in a 3-lane policy, for the cold-start figure. */
export function smallPolicy(): { policy: PolicyInput; observed: ObservedState } {
  const policy: PolicyInput = {
    version: 1,
    repositories: ['acme/api'],
    organizations: [],
    hosts: { box1: { approved: true, registrationRoots: [ROOT], serviceUsers: [USER] } },
    lanes: [{ name: 'api', repository: 'acme/api', host: 'box1', registrationRoot: ROOT, serviceUser: USER, labels: [MANAGED, 'api'], count: 3 }],
  };
  const url = `${SERVER}/acme/api`;
  const observed: ObservedState = {
    schemaVersion: 1,
    observedAt: '2026-11-25T10:00:00.000Z',
    github: [{ scope: 'repo:acme/api', runners: [runner(11, 'api-1', { custom: [MANAGED, 'api'] }), runner(12, 'api-2', { custom: [MANAGED, 'old'] })] }],
    hosts: {
      box1: {
        host: 'box1',
        lanes: {
          'api-1': hostLane('api-1', { configured: { url, agentId: 11 }, unit: activeUnit('lanekeeper-runner@api-1.service', USER) }),
          'api-2': hostLane('api-2', { configured: { url, agentId: 12 }, unit: activeUnit('lanekeeper-runner@api-2.service', USER) }),
          'api-3': hostLane('api-3', { unit: unit('lanekeeper-runner@api-3.service') }),
        },
        unclaimed: [],
        baseline: okBaseline('box1'),
      },
    },
  };
  return { policy, observed };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/planner.js';
import type { GitHubRunner, HostLaneObservation, ObservedState } from '../../src/plan/observed.js';
import { activeUnit, host, hostLane, observed, runner, scope, unit } from '../support/observed-builders.js';
import { laneInput, policyOf } from '../support/policy-builders.js';

const laneNames = ['a1', 'a2', 'b1', 'pool-1', 'pool-2'];
const API = 'https://github.com/acme/api';

const arbRunner = (name: string, id: number): fc.Arbitrary<GitHubRunner> =>
  fc.record({ managed: fc.boolean(), status: fc.constantFrom('online' as const, 'offline' as const), busy: fc.boolean(), extra: fc.boolean() }).map((r) =>
    runner(id, name, { status: r.status, busy: r.busy, custom: [...(r.managed ? ['lanekeeper-managed'] : []), 'api', ...(r.extra ? ['x'] : [])] }),
  );

const arbHostLane = (name: string): fc.Arbitrary<HostLaneObservation> =>
  fc
    .record({
      configured: fc.boolean(),
      unit: fc.constantFrom('absent', 'ours-active', 'ours-inactive', 'foreign', 'ours-outdated'),
      worker: fc.boolean(),
      listener: fc.boolean(),
      user: fc.constantFrom('runner', 'root'),
    })
    .map((f) =>
      hostLane(name, {
        configured: f.configured ? { url: API } : undefined,
        workerRunning: f.worker,
        unsupervisedListener: f.listener ? { pid: 1234, user: 'runner' } : null,
        unit:
          f.unit === 'absent'
            ? unit(`lanekeeper-runner@${name}.service`)
            : f.unit === 'foreign'
              ? unit(`lanekeeper-runner@${name}.service`, { fileState: 'enabled', activeState: 'active', mainPidUser: f.user })
              : activeUnit(`lanekeeper-runner@${name}.service`, f.user, {
                  activeState: f.unit === 'ours-inactive' ? 'inactive' : 'active',
                  matchesRendered: f.unit !== 'ours-outdated',
                }),
      }),
    );

const arbWorld = fc
  .record({
    present: fc.subarray(laneNames, { minLength: 1 }),
    ensureAbsent: fc.subarray(laneNames),
    runners: fc.array(fc.tuple(fc.constantFrom(...laneNames, 'stranger', 'other'), fc.nat(50)), { maxLength: 8 }),
  })
  .chain((w) =>
    fc.record({
      w: fc.constant(w),
      runnerObjs: fc.tuple(...w.runners.map(([n], i) => arbRunner(n, i + 1))),
      hostLanes: fc.tuple(...w.present.map((n) => arbHostLane(n))),
    }),
  )
  .map(({ w, runnerObjs, hostLanes }) => {
    // GitHub runner names are unique within a scope.
    const unique = new Map<string, GitHubRunner>();
    for (const r of runnerObjs) if (!unique.has(r.name)) unique.set(r.name, r);
    const loaded = policyOf(w.present.map((n) => laneInput(n, { ensure: w.ensureAbsent.includes(n) ? 'absent' : 'present' })));
    const obs = observed([scope('repo:acme/api', [...unique.values()])], [host('box1', hostLanes)]);
    return { loaded, obs };
  });

describe('planner properties', () => {
  it('never gives an action to a foreign runner', () => {
    fc.assert(
      fc.property(arbWorld, ({ loaded, obs }) => {
        const plan = buildPlan(loaded.policy, loaded.problems, obs);
        const foreignIds = new Set(plan.foreign.map((f) => f.id));
        for (const f of plan.foreign) expect(f.action).toBe('none');
        for (const l of plan.lanes) {
          if (l.runnerId !== null && foreignIds.has(l.runnerId)) {
            expect(l.status).toBe('blocked');
            expect(l.steps).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('status is blocked exactly when there are blockers, and blocked lanes have no steps', () => {
    fc.assert(
      fc.property(arbWorld, ({ loaded, obs }) => {
        for (const l of buildPlan(loaded.policy, loaded.problems, obs).lanes) {
          expect(l.status === 'blocked').toBe(l.blockers.length > 0);
          if (l.status === 'blocked') expect(l.steps).toEqual([]);
          if (l.status === 'ready' && l.action !== 'noop') {
            expect(l.steps[0]?.kind).toBe('lease.acquire');
            expect(l.steps.at(-1)?.kind).toBe('lease.release');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the digest is stable under key order', () => {
    fc.assert(
      fc.property(arbWorld, fc.integer(), ({ loaded, obs }, seed) => {
        const shuffled = shuffleKeys(obs, seed) as ObservedState;
        expect(buildPlan(loaded.policy, loaded.problems, shuffled).digest).toBe(buildPlan(loaded.policy, loaded.problems, obs).digest);
      }),
      { numRuns: 200 },
    );
  });

  it('the digest changes with any observed field that is not volatile', () => {
    fc.assert(
      fc.property(arbWorld, fc.nat(), ({ loaded, obs }, pick) => {
        const leaves = leafPaths(obs).filter((p) => !isVolatile(p));
        const path = leaves[pick % leaves.length]!;
        const changed = mutateAt(obs, path) as ObservedState;
        expect(buildPlan(loaded.policy, loaded.problems, changed).digest, `changing ${path.join('.')}`).not.toBe(buildPlan(loaded.policy, loaded.problems, obs).digest);
      }),
      { numRuns: 400 },
    );
  });

  it('volatile fields (time, PIDs, restart counters, measured figures) do not change the digest', () => {
    const { policy, problems } = policyOf([laneInput('l1')]);
    const base = observed([scope('repo:acme/api', [])], [host('box1', [hostLane('l1', { configured: { url: API }, unit: activeUnit('lanekeeper-runner@l1.service', 'runner') })])]);
    const later = structuredClone(base) as unknown as { observedAt: string; hosts: Record<string, { lanes: Record<string, { unit: { mainPid: number; restarts: number } }>; baseline: { measured?: number }[] }> };
    later.observedAt = '2030-01-01T00:00:00Z';
    later.hosts['box1']!.lanes['l1']!.unit.mainPid = 99999;
    later.hosts['box1']!.lanes['l1']!.unit.restarts = 7;
    later.hosts['box1']!.baseline[1]!.measured = 1;
    expect(buildPlan(policy, problems, later as unknown as ObservedState).digest).toBe(buildPlan(policy, problems, base).digest);
  });

  it('unsafe lane names are always blocked', () => {
    const unsafe = fc.oneof(
      fc.string().map((s) => `${s}..${s}`),
      fc.string().map((s) => `a/${s}`),
      fc.string().map((s) => `a ${s}`),
      fc.constantFrom('läne', 'lane-ü', 'レーン', 'a\u200bb', 'A-upper', '-lead'),
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{63,80}$/),
    );
    fc.assert(
      fc.property(unsafe, (name) => {
        const { policy, problems } = policyOf([laneInput(name)]);
        const plan = buildPlan(policy, problems, observed([scope('repo:acme/api', [])], [host('box1', [hostLane(name)])]));
        expect(plan.lanes).toHaveLength(1);
        expect(plan.lanes[0]!.status).toBe('blocked');
        expect(plan.lanes[0]!.blockers.map((b) => b.code)).toContain('unsafe_lane_name');
      }),
      { numRuns: 300 },
    );
  });
});

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleKeys(value: unknown, seed: number): unknown {
  const rnd = mulberry(seed);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const keys = Object.keys(v).sort(() => rnd() - 0.5);
      return Object.fromEntries(keys.map((k) => [k, walk((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return walk(value);
}

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return [prefix];
}

function isVolatile(p: Path): boolean {
  const last = p.at(-1);
  return (
    (p.length === 1 && last === 'observedAt') ||
    (p[0] === 'github' && p[2] === 'runners' && last === 'busy') ||
    (p[0] === 'hosts' && p[4] === 'workerRunning') ||
    (p[0] === 'hosts' && p[4] === 'unit' && (last === 'mainPid' || last === 'restarts')) ||
    (p[0] === 'hosts' && p[4] === 'unsupervisedListener' && last === 'pid') ||
    (p[0] === 'hosts' && p[2] === 'baseline' && (last === 'measured' || last === 'evidence'))
  );
}

function mutateAt(value: unknown, path: Path): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const key = path.at(-1)!;
  const old = node[key];
  node[key] =
    typeof old === 'number' ? old + 1 : typeof old === 'boolean' ? !old : typeof old === 'string' ? `${old}~` : old === null ? 'set' : 'changed';
  return copy;
}

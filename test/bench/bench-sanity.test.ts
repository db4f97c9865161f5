// The benchmark's own arithmetic and bookkeeping (no timings): the lower bound of list calls,
// medians, targets, the table and results.json, and the synthetic inputs' shape.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rigUnavailable } from '../../bench/figures/apply-overhead.js';
import { expandLanes, HOSTS, inventoryLoad, scalePolicy } from '../../bench/fixtures.js';
import { figure, isMet, listCallsLowerBound, median, renderTable, repetitionsFrom, unmeasured, writeResults, type FigureSpec } from '../../bench/report.js';

const RATIO: FigureSpec = { name: 'a ratio', unit: 'ratio', target: { op: 'le', limit: 3 } };

describe('lower bound of inventory calls', () => {
  it('is one call per 100 runners per scope, and one call for an empty scope', () => {
    expect(listCallsLowerBound([])).toBe(0);
    expect(listCallsLowerBound([0])).toBe(1);
    expect(listCallsLowerBound([1, 99, 100])).toBe(3);
    expect(listCallsLowerBound([101, 200, 201])).toBe(2 + 2 + 3);
  });

  it('is 549 for the benchmark load: 10,000 runners over 500 repositories and 5 organisations', () => {
    const load = inventoryLoad();
    expect(load).toHaveLength(505);
    expect(load.reduce((n, l) => n + l.runners, 0)).toBe(10_000);
    expect(load.filter((l) => l.runners === 0).length).toBeGreaterThan(0);
    expect(load.filter((l) => l.runners > 100).length).toBeGreaterThan(0);
    expect(listCallsLowerBound(load.map((l) => l.runners))).toBe(549);
  });
});

it('the scale policy expands to 10,000 lanes on 200 hosts', () => {
  const lanes = expandLanes(scalePolicy());
  expect(lanes).toHaveLength(10_000);
  expect(new Set(lanes.map((l) => l.host)).size).toBe(HOSTS);
  expect(new Set(lanes.map((l) => l.name)).size).toBe(10_000);
});

it('medians of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(() => median([])).toThrow();
});

it('targets: equal, at most, none', () => {
  expect(isMet({ op: 'eq', limit: 1 }, 1)).toBe(true);
  expect(isMet({ op: 'eq', limit: 1 }, 1.01)).toBe(false);
  expect(isMet({ op: 'le', limit: 3 }, 3)).toBe(true);
  expect(isMet({ op: 'le', limit: 3 }, 3.2)).toBe(false);
  expect(isMet({ op: 'none' }, 5)).toBeNull();
  expect(isMet({ op: 'le', limit: 3 }, null)).toBeNull();
});

it('BENCH_REPEAT: default 5, whole numbers only', () => {
  expect(repetitionsFrom(undefined)).toBe(5);
  expect(repetitionsFrom('7')).toBe(7);
  expect(() => repetitionsFrom('0')).toThrow(/BENCH_REPEAT/);
  expect(() => repetitionsFrom('2.5')).toThrow(/BENCH_REPEAT/);
});

it('BENCH_SKIP_RIG=1 skips the rig figure with a reason', () => {
  expect(rigUnavailable({ BENCH_SKIP_RIG: '1' })).toBe('BENCH_SKIP_RIG=1');
});

it('the table aligns its columns and says "skipped" for figures not measured', () => {
  const table = renderTable([
    figure(RATIO, 2.345, 5, { note: 'fine' }),
    unmeasured({ name: 'apply overhead', unit: 'ms', target: { op: 'le', limit: 2000 } }, 'skipped: the rig needs root'),
  ]);
  const [header, rule, first, second] = table.split('\n');
  expect(header).toMatch(/^figure\s+value\s+unit\s+target\s+met\s+reps\s+note$/);
  expect(rule).toMatch(/^-+( +-+)+$/);
  expect(first).toContain('2.35');
  expect(first).toContain('<= 3');
  expect(first).toMatch(/\byes\b/);
  expect(second).toContain('skipped: the rig needs root');
  expect(header!.indexOf('target')).toBe(first!.indexOf('<= 3'));
  expect(header!.indexOf('target')).toBe(second!.indexOf('<= 2000 ms'));
});

it('results.json holds figure, value, unit, target, met, repetitions and details', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sanity-'));
  try {
    const file = join(dir, 'results.json');
    writeResults(file, { generatedAt: '2026-11-25T12:00:00.000Z', node: 'v20', platform: 'linux-x64', cpus: 2, repetitions: 5, figures: [figure(RATIO, 4, 5, { planMs: 400 })] });
    const written = JSON.parse(readFileSync(file, 'utf8')) as { figures: Record<string, unknown>[] };
    expect(written.figures[0]).toEqual({ figure: 'a ratio', value: 4, unit: 'ratio', target: '<= 3', met: false, repetitions: 5, details: { planMs: 400 } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

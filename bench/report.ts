/**
 * The benchmark's results: one row per figure, written to bench/results.json and printed as a
 * table. Kept free of I/O apart from `writeResults`, so the sanity test can check it cheaply.
 */
import { writeFileSync } from 'node:fs';

export interface Target {
  /** How the value compares with the limit: `eq` (equal), `le` (at most), `none` (reported only). */
  readonly op: 'eq' | 'le' | 'none';
  readonly limit?: number | undefined;
}

export interface Figure {
  /** What is measured, e.g. "api-calls-per-lower-bound". */
  readonly figure: string;
  /** The figure, or `null` when it was not measured (see `skipped`). */
  readonly value: number | null;
  readonly unit: string;
  /** Human form of the target: "= 1", "<= 3", "<= 2000 ms", "reported". */
  readonly target: string;
  /** `null` when there is no target or the figure was not measured. */
  readonly met: boolean | null;
  readonly repetitions: number;
  /** "skipped: <reason>" or "error: <message>" when the figure could not be measured. */
  readonly skipped?: string | undefined;
  readonly details: Record<string, unknown>;
}

export interface Results {
  readonly generatedAt: string;
  /** The commit measured; `uncommittedChanges` when src/ or dist/ differed from it. */
  readonly source?: { readonly commit: string | null; readonly uncommittedChanges: boolean | null } | undefined;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  /** 1, 5 and 15 minute load averages when the run started and ended. */
  readonly loadAverage?: { readonly start: readonly number[]; readonly end: readonly number[] } | undefined;
  readonly repetitions: number;
  readonly figures: readonly Figure[];
}

export const DEFAULT_REPETITIONS = 5;

/** Repetitions per figure from BENCH_REPEAT (default 5). */
export function repetitionsFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_REPETITIONS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new Error(`BENCH_REPEAT must be a whole number from 1 to 50, not "${value}"`);
  return n;
}

/** The lower bound of list calls for one scope: one page per 100 runners, and one call for an empty scope. */
export function listCallsLowerBound(runnersPerScope: readonly number[], perPage = 100): number {
  return runnersPerScope.reduce((sum, n) => sum + Math.max(1, Math.ceil(n / perPage)), 0);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function targetText(target: Target, unit: string): string {
  if (target.op === 'none' || target.limit === undefined) return 'reported';
  const u = unit === 'ratio' || unit === 'count' ? '' : ` ${unit}`;
  return `${target.op === 'eq' ? '=' : '<='} ${target.limit}${u}`;
}

export function isMet(target: Target, value: number | null): boolean | null {
  if (value === null || target.op === 'none' || target.limit === undefined) return null;
  return target.op === 'eq' ? value === target.limit : value <= target.limit;
}

/** What a figure is: its name, unit and target. */
export interface FigureSpec {
  readonly name: string;
  readonly unit: string;
  readonly target: Target;
}

export function figure(spec: FigureSpec, value: number, repetitions: number, details: Record<string, unknown>): Figure {
  return { figure: spec.name, value, unit: spec.unit, target: targetText(spec.target, spec.unit), met: isMet(spec.target, value), repetitions, details };
}

export function unmeasured(spec: FigureSpec, reason: string, details: Record<string, unknown> = {}): Figure {
  return { figure: spec.name, value: null, unit: spec.unit, target: targetText(spec.target, spec.unit), met: null, repetitions: 0, skipped: reason, details };
}

/** Rounds a figure for display without hiding small ratios. */
export function formatValue(value: number | null): string {
  if (value === null) return '-';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** An aligned text table: figure, value, unit, target, met, repetitions, and notes. */
export function renderTable(figures: readonly Figure[]): string {
  const header = ['figure', 'value', 'unit', 'target', 'met', 'reps', 'note'];
  const rows = figures.map((f) => [
    f.figure,
    formatValue(f.value),
    f.unit,
    f.target,
    f.met === null ? '-' : f.met ? 'yes' : 'no',
    String(f.repetitions),
    f.skipped ?? (typeof f.details['note'] === 'string' ? (f.details['note'] as string) : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 5]);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function writeResults(file: string, results: Results): void {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

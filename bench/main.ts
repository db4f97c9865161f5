/**
 * `npm run bench`: measures each figure (medians over BENCH_REPEAT repetitions), writes
 * bench/results.json and prints a table. A figure that cannot be measured here says why
 * ("skipped: ..." or "error: ...") instead of failing the whole run.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { API_CALLS, measureApiCalls } from './figures/api-calls.js';
import { APPLY_OVERHEAD, measureApplyOverhead } from './figures/apply-overhead.js';
import { BUNDLE_SIZE, COLD_START, measureBundleSize, measureColdStart } from './figures/cold-start.js';
import { measureMemory, MEMORY } from './figures/memory.js';
import { measurePlanning, PLANNING } from './figures/planning.js';
import { REPO_ROOT } from './action-run.js';
import { renderTable, repetitionsFrom, unmeasured, writeResults, type Figure, type FigureSpec } from './report.js';

interface Measurement {
  readonly spec: FigureSpec;
  readonly run: () => Figure | Promise<Figure>;
}

/** The commit measured, and whether src/ or dist/ had changes on top of it. */
function source(): { commit: string | null; uncommittedChanges: boolean | null } {
  const git = (args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const head = git(['rev-parse', 'HEAD']);
  const status = git(['status', '--porcelain', '--', 'src', 'dist']);
  return {
    commit: head.status === 0 ? head.stdout.trim() : null,
    uncommittedChanges: status.status === 0 ? status.stdout.trim() !== '' : null,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const repetitions = repetitionsFrom(process.env['BENCH_REPEAT']);
  // Other work on the machine skews timings: the load averages say how quiet the run was.
  const loadAtStart = loadavg();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const measurements: Measurement[] = [
    { spec: API_CALLS, run: () => measureApiCalls(repetitions) },
    { spec: PLANNING, run: () => measurePlanning(repetitions) },
    { spec: COLD_START, run: () => measureColdStart(repetitions) },
    { spec: BUNDLE_SIZE, run: () => measureBundleSize() },
    { spec: APPLY_OVERHEAD, run: () => measureApplyOverhead(repetitions, log) },
    { spec: MEMORY, run: () => measureMemory(repetitions) },
  ];
  const figures: Figure[] = [];
  for (const m of measurements) {
    const started = Date.now();
    log(`bench: ${m.spec.name} ...`);
    try {
      figures.push(await m.run());
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
      figures.push(unmeasured(m.spec, `error: ${message}`));
    }
    log(`bench: ${m.spec.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const file = join(REPO_ROOT, 'bench/results.json');
  writeResults(file, {
    generatedAt: new Date().toISOString(),
    source: source(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    loadAverage: { start: loadAtStart.map(round2), end: loadavg().map(round2) },
    repetitions,
    figures,
  });
  console.log(renderTable(figures));
  console.log(`\nmedians over ${repetitions} repetitions; details in bench/results.json`);
}

await main();

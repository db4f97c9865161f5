/**
 * Cold start: wall time of `node dist/index.js` for `command: plan` on a 3-lane policy over the
 * wall time of `node -e 0`, both spawned the same way and interleaved; plus the size of dist/.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { smallPolicy } from '../fixtures.js';
import { ACTION_ENTRY, planWorkspace, REPO_ROOT, runPlanAction, timeBareNode, timeNode } from '../action-run.js';
import { figure, median, type Figure, type FigureSpec } from '../report.js';

export const COLD_START: FigureSpec = { name: 'cold start plan / node -e 0', unit: 'ratio', target: { op: 'le', limit: 3 } };
export const BUNDLE_SIZE: FigureSpec = { name: 'dist/ size', unit: 'MiB', target: { op: 'none' } };

const BUNDLES = ['dist/index.js', 'dist/cli/index.js', 'dist/helper/index.js'] as const;

function treeBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const path = join(dir, e.name);
    return n + (e.isDirectory() ? treeBytes(path) : statSync(path).size);
  }, 0);
}

export async function measureColdStart(repetitions: number): Promise<Figure> {
  const { policy, observed } = smallPolicy();
  const ws = planWorkspace('cold', policy, observed);
  try {
    // Warm-up: the file cache holds node and the bundle, as on a runner that ran a step before.
    await runPlanAction(ws, 0);
    await timeBareNode(ws.dir);
    const actionMs: number[] = [];
    const nodeMs: number[] = [];
    const checkMs: number[] = [];
    for (let i = 1; i <= repetitions; i++) {
      nodeMs.push(await timeBareNode(ws.dir));
      actionMs.push((await runPlanAction(ws, i)).wallMs);
      // Parsing alone: `node --check` compiles the entry file eagerly and runs nothing.
      checkMs.push((await timeNode(['--check', ACTION_ENTRY], { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, ws.dir)).wallMs);
    }
    const round = (xs: number[]) => xs.map((x) => Math.round(x));
    const ratio = median(actionMs) / median(nodeMs);
    return figure(COLD_START, ratio, repetitions, {
      note: `${median(actionMs).toFixed(0)} ms vs ${median(nodeMs).toFixed(0)} ms`,
      medianMs: { action: median(actionMs), bareNode: median(nodeMs), parseEntryFileOnly: median(checkMs) },
      runsMs: { action: round(actionMs), bareNode: round(nodeMs), parseEntryFileOnly: round(checkMs) },
      lanes: 3,
      method: 'spawn to exit, node dist/index.js with INPUT_COMMAND=plan, INPUT_POLICY, INPUT_OBSERVED, INPUT_OUTPUT-DIR, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; interleaved with node -e 0 after one warm-up run of each',
    });
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
}

/** An entry file and the chunks ncc put next to it (loaded on demand by `import()`). */
function bundleBytes(entry: string): { entry: number; chunks: number; chunkFiles: number } {
  const dir = dirname(join(REPO_ROOT, entry));
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.js') && f !== basename(entry));
  return {
    entry: statSync(join(REPO_ROOT, entry)).size,
    chunks: chunks.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
    chunkFiles: chunks.length,
  };
}

export function measureBundleSize(): Figure {
  const bundles = Object.fromEntries(BUNDLES.map((f) => [f, bundleBytes(f)]));
  const total = treeBytes(join(REPO_ROOT, 'dist'));
  const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(2);
  return figure(BUNDLE_SIZE, Math.round((total / 1024 ** 2) * 100) / 100, 1, {
    note: BUNDLES.map((f) => `${f.replace(/^dist\//, '')} ${mib(bundles[f]!.entry)}${bundles[f]!.chunks > 0 ? ` + ${mib(bundles[f]!.chunks)} chunks` : ''}`).join(', '),
    bytes: { ...bundles, 'dist/ total (with licenses and package.json files)': total },
  });
}

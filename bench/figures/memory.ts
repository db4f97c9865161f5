/**
 * Memory: peak RSS of planning 10,000 lanes on 200 hosts, measured in a child process that does
 * what a user's plan step does: `node dist/index.js` with command: plan reads the YAML policy and
 * the observed-state JSON, validates both, plans, writes plan, summary and audit partial. The
 * child records process.resourceUsage().maxRSS when it exits (rss-on-exit.mjs). The same step on
 * the 3-lane policy is the baseline, so the cost of the scale shows on its own.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scaleObserved, scalePolicy, smallPolicy } from '../fixtures.js';
import { planWorkspace, runPlanAction } from '../action-run.js';
import { figure, median, type Figure, type FigureSpec } from '../report.js';

export const MEMORY: FigureSpec = { name: 'peak RSS, plan 10k lanes', unit: 'MiB', target: { op: 'none' } };

export async function measureMemory(repetitions: number): Promise<Figure> {
  const policy = scalePolicy();
  const { observed } = scaleObserved(policy);
  const big = planWorkspace('rss-10k', policy, observed);
  const small = planWorkspace('rss-3', smallPolicy().policy, smallPolicy().observed);
  try {
    const bigRss: number[] = [];
    const bigMs: number[] = [];
    const smallRss: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const b = await runPlanAction(big, i, { measureRss: true });
      bigRss.push(b.maxRssKiB!);
      bigMs.push(b.wallMs);
      smallRss.push((await runPlanAction(small, i, { measureRss: true })).maxRssKiB!);
      rmSync(join(big.dir, `step-${i}`), { recursive: true, force: true });
    }
    const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
    const peak = mib(median(bigRss));
    return figure(MEMORY, peak, repetitions, {
      note: `3-lane plan: ${mib(median(smallRss))} MiB`,
      peakRssMiB: { lanes10k: peak, lanes3: mib(median(smallRss)), difference: Math.round((peak - mib(median(smallRss))) * 10) / 10 },
      runsMiB: { lanes10k: bigRss.map(mib), lanes3: smallRss.map(mib) },
      planStepWallMsMedian: Math.round(median(bigMs)),
      inputBytes: { policyYaml: statSync(big.policyFile).size, observedJson: statSync(big.observedFile).size },
      method: 'node --import bench/rss-on-exit.mjs dist/index.js (command: plan); maxRSS from process.resourceUsage() at exit',
    });
  } finally {
    rmSync(big.dir, { recursive: true, force: true });
    rmSync(small.dir, { recursive: true, force: true });
  }
}

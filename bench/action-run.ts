/**
 * Runs the bundled action's `plan` command the way the runner runs a step (INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) and times it from spawn to exit. Optionally
 * preloads rss-on-exit.mjs, which records the process's peak RSS when it exits.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { Inputs, Outputs } from '../src/constants.js';
import type { ObservedState } from '../src/plan/observed.js';
import type { PolicyInput } from '../src/policy/schema.js';
import { inputVariable } from '../test/harness/run-action.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const ACTION_ENTRY = join(REPO_ROOT, 'dist/index.js');
const RSS_PRELOAD = pathToFileURL(join(REPO_ROOT, 'bench/rss-on-exit.mjs')).href;

export interface PlanWorkspace {
  readonly dir: string;
  readonly policyFile: string;
  readonly observedFile: string;
}

/** A workspace holding the policy as YAML (as users write it) and the observed state as JSON. */
export function planWorkspace(name: string, policy: PolicyInput, observed: ObservedState): PlanWorkspace {
  const dir = mkdtempSync(join(tmpdir(), `lanekeeper-bench-${name}-`));
  const policyFile = join(dir, 'lanekeeper.yml');
  const observedFile = join(dir, 'observed.json');
  writeFileSync(policyFile, stringify(policy));
  writeFileSync(observedFile, JSON.stringify(observed));
  return { dir, policyFile, observedFile };
}

export interface TimedRun {
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly stderr: string;
  /** Peak RSS in KiB, when run with `measureRss`. */
  readonly maxRssKiB?: number | undefined;
  readonly outputs: string;
}

/** Spawns `node <args>` with `env` and resolves with the wall time from spawn to exit. */
export function timeNode(args: readonly string[], env: Record<string, string>, cwd: string): Promise<{ wallMs: number; exitCode: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolvePromise({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, exitCode, stderr }));
  });
}

/** `node dist/index.js` with command: plan in a fresh output directory of the workspace. */
export async function runPlanAction(ws: PlanWorkspace, run: number, options: { measureRss?: boolean } = {}): Promise<TimedRun> {
  const step = join(ws.dir, `step-${run}`);
  mkdirSync(step, { recursive: true });
  const output = join(step, 'output');
  const summary = join(step, 'summary');
  const rssFile = join(step, 'rss.json');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? ws.dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'acme/ops',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: step,
    [inputVariable(Inputs.Command)]: 'plan',
    [inputVariable(Inputs.Policy)]: ws.policyFile,
    [inputVariable(Inputs.Observed)]: ws.observedFile,
    [inputVariable(Inputs.OutputDir)]: join(step, 'out'),
    [inputVariable(Inputs.Lane)]: 'all',
    ...(options.measureRss ? { BENCH_RSS_FILE: rssFile } : {}),
  };
  const args = options.measureRss ? ['--import', RSS_PRELOAD, ACTION_ENTRY] : [ACTION_ENTRY];
  const r = await timeNode(args, env, ws.dir);
  const outputs = readFileSync(output, 'utf8');
  if (r.exitCode !== 0 || !outputs.includes(Outputs.PlanDigest)) {
    throw new Error(`node dist/index.js (plan) exited ${r.exitCode} without a plan digest: ${r.stderr.slice(-800)}`);
  }
  const maxRssKiB = options.measureRss ? (JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKiB: number }).maxRssKiB : undefined;
  return { ...r, maxRssKiB, outputs };
}

/** `node -e 0`: what starting node costs on this machine. */
export async function timeBareNode(cwd: string): Promise<number> {
  const r = await timeNode(['-e', '0'], { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, cwd);
  if (r.exitCode !== 0) throw new Error(`node -e 0 exited ${r.exitCode}`);
  return r.wallMs;
}

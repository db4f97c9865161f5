/**
 * Apply overhead: creating one lane on the real-systemd rig, as the apply command does it
 * (observe → plan → apply with SudoHostAgent over the rig and OctokitGitHubRunners over the
 * simulator), minus the stand-in runner's own time: its config.sh run (the runner.configure
 * step without the registration-token call) and its start (from the start of the enable-now
 * step until the simulator gets the runner's first heartbeat, i.e. sees it online).
 *
 * Needs root and systemd-nspawn; without them the figure says "skipped" and why.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { DEFAULT_TIMING, type ApplyDeps, type LaneResult, type StepResult } from '../../src/apply/types.js';
import { createGitHubClient } from '../../src/github/octokit-client.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import { observe } from '../../src/inventory/observe.js';
import { buildPlan } from '../../src/plan/planner.js';
import { policyFromObject } from '../../src/policy/load.js';
import { DEFAULT_SIM_TOKEN, GitHubSimulator } from '../../src/sim/github-simulator.js';
import { systemClock } from '../../src/util/clock.js';
import { bootLanekeeperHost, RIG_HOST, RIG_ROOT, rigLaneUser, type LanekeeperHost } from '../../test/rig/lanekeeper-host.js';
import { figure, median, unmeasured, type Figure, type FigureSpec } from '../report.js';

export const APPLY_OVERHEAD: FigureSpec = { name: 'apply overhead, create 1 lane', unit: 'ms', target: { op: 'le', limit: 2000 } };

/** GitHub's one second between mutating requests, which the production client keeps, plus slack. */
const WRITE_SPACING_MS = 1_100;

/** Why the rig cannot run here, or null when it can. */
export function rigUnavailable(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  if (env['BENCH_SKIP_RIG'] === '1') return 'BENCH_SKIP_RIG=1';
  if (process.platform !== 'linux') return `the rig needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'the rig needs root (systemd-nspawn, nsenter)';
  for (const tool of ['systemd-nspawn', 'nsenter']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0) return `${tool} is not installed`;
  }
  return null;
}

interface Run {
  readonly totalMs: number;
  readonly observeMs: number;
  readonly planMs: number;
  readonly applyMs: number;
  readonly registrationMs: number;
  readonly startMs: number;
  readonly overheadMs: number;
  readonly steps: Record<string, number>;
  /** Every GitHub call of the run: `METHOD route ms`. */
  readonly githubCalls: readonly string[];
}

function stepOf(result: LaneResult, kind: StepResult['kind']): StepResult {
  const step = result.steps.find((s) => s.kind === kind);
  if (!step) throw new Error(`the apply of ${result.lane} has no ${kind} step`);
  return step;
}

/** Resolves with the simulator time of the first heartbeat of runner `name`, polling every 5 ms. */
function firstHeartbeat(sim: GitHubSimulator, name: string): { at: () => number | null; stop: () => void } {
  let seen: number | null = null;
  const timer = setInterval(() => {
    if (seen !== null) return;
    const runner = sim.runners('repo:acme/api').find((r) => r.name === name);
    if (runner && runner.lastHeartbeatMs !== null) seen = runner.lastHeartbeatMs;
  }, 5);
  return { at: () => seen, stop: () => clearInterval(timer) };
}

async function createLane(rig: LanekeeperHost, sim: GitHubSimulator, name: string): Promise<Run> {
  const loaded = policyFromObject({
    version: 1,
    repositories: ['acme/api'],
    hosts: { [RIG_HOST]: { approved: true, registrationRoots: [RIG_ROOT], serviceUsers: [rigLaneUser(name)] } },
    lanes: [{ name, repository: 'acme/api', host: RIG_HOST, registrationRoot: RIG_ROOT, serviceUser: rigLaneUser(name), labels: ['lanekeeper-managed', 'bench'] }],
  });
  // The client the action makes: production pacing of writes included.
  const github = new OctokitGitHubRunners(createGitHubClient({ token: DEFAULT_SIM_TOKEN, baseUrl: sim.url }), { onSecret: () => undefined });
  const log: string[] = [];
  const deps: ApplyDeps = {
    github,
    host: rig.agent,
    clock: systemClock,
    sleep: (ms) => sleep(ms),
    log: (l) => log.push(l),
    onSecret: () => undefined,
    serverUrl: sim.url,
    timing: DEFAULT_TIMING,
    evidence: () => github.evidence(),
  };
  const heartbeat = firstHeartbeat(sim, name);
  try {
    const t0 = performance.now();
    const observed = await observe(loaded.policy, loaded.policy.lanes, { github, hosts: [rig.agent], clock: systemClock });
    const t1 = performance.now();
    const plan = buildPlan(loaded.policy, loaded.problems, observed);
    const t2 = performance.now();
    const lanePlan = plan.lanes[0];
    if (lanePlan?.action !== 'create' || lanePlan.status !== 'ready') {
      throw new Error(`expected a ready create for ${name}, got ${lanePlan?.action}/${lanePlan?.status}: ${lanePlan?.reason}`);
    }
    const [result] = await applyPlan(plan, loaded.policy, `bench-${name}`, deps);
    const t3 = performance.now();
    if (!result || result.result !== 'completed') {
      throw new Error(`apply of ${name} ended ${result?.result}: ${result?.failure?.message ?? 'no result'}\n${log.join('\n')}`);
    }
    const configure = stepOf(result, 'runner.configure');
    const tokenMs = (configure.github ?? []).reduce((n, c) => n + c.durationMs, 0);
    const enableNow = stepOf(result, 'host.enable-now');
    const online = heartbeat.at();
    if (online === null) throw new Error(`the simulator never saw ${name} online`);
    const registrationMs = configure.durationMs - tokenMs;
    const startMs = online - Date.parse(enableNow.startedAt);
    const totalMs = t3 - t0;
    return {
      totalMs,
      observeMs: t1 - t0,
      planMs: t2 - t1,
      applyMs: t3 - t2,
      registrationMs,
      startMs,
      overheadMs: totalMs - registrationMs - startMs,
      steps: Object.fromEntries(result.steps.map((s) => [s.kind, s.durationMs])),
      githubCalls: github.evidence().map((c) => `${c.method} ${c.route} ${c.durationMs} ms`),
    };
  } finally {
    heartbeat.stop();
  }
}

/** Stops a lane made by an earlier repetition, so every repetition finds the host alike. */
async function stopLane(rig: LanekeeperHost, name: string): Promise<void> {
  const ref = rig.lane(name);
  const lease = await rig.agent.leaseAcquire(ref, 'bench-cleanup', 60);
  await rig.agent.stop(ref, lease.fencingToken);
  await rig.agent.leaseRelease(ref, lease);
}

export async function measureApplyOverhead(repetitions: number, log: (line: string) => void): Promise<Figure> {
  const unavailable = rigUnavailable();
  if (unavailable) return unmeasured(APPLY_OVERHEAD, `skipped: ${unavailable}`);

  const sim = new GitHubSimulator();
  await sim.start();
  let rig: LanekeeperHost;
  const bootStarted = performance.now();
  try {
    rig = await bootLanekeeperHost({ log, serverUrl: sim.url, extraLanes: ['bench-warm-up', ...Array.from({ length: repetitions }, (_, i) => `bench-${i + 1}`)] });
  } catch (e) {
    await sim.stop();
    return unmeasured(APPLY_OVERHEAD, `skipped: the rig did not boot: ${firstLine(e)}`);
  }
  const bootMs = performance.now() - bootStarted;
  try {
    // One lane first, not counted: the container's caches (sudo, node, the helper) warm up.
    await createLane(rig, sim, 'bench-warm-up');
    await stopLane(rig, 'bench-warm-up');
    const runs: Run[] = [];
    for (let i = 1; i <= repetitions; i++) {
      // The throttling plugin spaces mutating requests one second apart across every client in
      // the process: wait it out, so a repetition starts as an apply in a fresh process does.
      await sleep(WRITE_SPACING_MS);
      const name = `bench-${i}`;
      runs.push(await createLane(rig, sim, name));
      await stopLane(rig, name);
      log(`apply overhead: ${name} ${Math.round(runs.at(-1)!.overheadMs)} ms`);
    }
    const m = (pick: (r: Run) => number) => Math.round(median(runs.map(pick)));
    const stepKinds = Object.keys(runs[0]!.steps);
    return figure(APPLY_OVERHEAD, m((r) => r.overheadMs), repetitions, {
      note: `total ${m((r) => r.totalMs)} ms - config.sh ${m((r) => r.registrationMs)} ms - start ${m((r) => r.startMs)} ms`,
      medianMs: {
        total: m((r) => r.totalMs),
        observe: m((r) => r.observeMs),
        plan: m((r) => r.planMs),
        apply: m((r) => r.applyMs),
        standInRegistration: m((r) => r.registrationMs),
        standInStartUntilOnline: m((r) => r.startMs),
        overhead: m((r) => r.overheadMs),
      },
      stepMedianMs: Object.fromEntries(stepKinds.map((k) => [k, m((r) => r.steps[k] ?? 0)])),
      runsMs: runs.map((r) => ({ total: Math.round(r.totalMs), registration: r.registrationMs, start: r.startMs, overhead: Math.round(r.overheadMs) })),
      githubCallsOfLastRun: runs.at(-1)!.githubCalls,
      timing: DEFAULT_TIMING,
      rigBootMs: Math.round(bootMs),
      method:
        'total = observe + plan + applyPlan wall time (performance.now); stand-in registration = runner.configure step durationMs minus its registration-token call; ' +
        'stand-in start = first heartbeat in the simulator minus the start of the host.enable-now step; overhead = total - registration - start; one warm-up lane first',
    });
  } catch (e) {
    return unmeasured(APPLY_OVERHEAD, `error: ${firstLine(e)}`);
  } finally {
    await rig.stop();
    await sim.stop();
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
}

/**
 * Planning 10,000 lanes on 200 hosts: buildPlan time over the time to JSON.parse the same inputs
 * (the policy's JSON text and the observed state's JSON text). Policy loading with its checks,
 * and the observed state's validation, are measured on their own and reported in the details.
 */
import { baselineDigest, laneBasisDigest, observedDigest, planDigest } from '../../src/plan/digest.js';
import { buildPlan } from '../../src/plan/planner.js';
import { parseObservedState } from '../../src/plan/observed-schema.js';
import { policyFromObject } from '../../src/policy/load.js';
import { expandLanes, HOSTS, scaleObserved, scalePolicy } from '../fixtures.js';
import { figure, median, type Figure, type FigureSpec } from '../report.js';

export const PLANNING: FigureSpec = { name: 'plan 10k lanes / JSON.parse', unit: 'ratio', target: { op: 'le', limit: 3 } };

const WARM_UPS = 2;

function timeMs(fn: () => unknown): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function measurePlanning(repetitions: number): Figure {
  const input = scalePolicy();
  const { observed, shapes } = scaleObserved(input);
  const policyText = JSON.stringify(input);
  const observedText = JSON.stringify(observed);
  const loaded = policyFromObject(input);
  if (loaded.policy.lanes.length !== expandLanes(input).length) throw new Error('the policy did not expand to the expected lanes');

  const parse = () => [JSON.parse(policyText) as unknown, JSON.parse(observedText) as unknown];
  const load = () => policyFromObject(JSON.parse(policyText));
  const validate = () => parseObservedState(JSON.parse(observedText));
  const plan = () => buildPlan(loaded.policy, loaded.problems, observed);

  for (let i = 0; i < WARM_UPS; i++) {
    parse();
    load();
    validate();
    plan();
  }
  const parseMs: number[] = [];
  const planMs: number[] = [];
  const loadMs: number[] = [];
  const validateMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const p = timeMs(parse);
    const b = timeMs(plan);
    parseMs.push(p);
    planMs.push(b);
    ratios.push(b / p);
    loadMs.push(timeMs(load));
    validateMs.push(timeMs(validate));
  }
  const result = plan();
  const breakdown = digestBreakdown(result, observed, repetitions);
  const ratio = median(ratios);
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
  return figure(PLANNING, ratio, repetitions, {
    note: `buildPlan ${median(planMs).toFixed(0)} ms vs JSON.parse ${median(parseMs).toFixed(0)} ms`,
    lanes: loaded.policy.lanes.length,
    hosts: HOSTS,
    policyEntries: input.lanes?.length,
    scopes: observed.github.length,
    runnersObserved: observed.github.reduce((n, s) => n + s.runners.length, 0),
    shapes,
    inputBytes: { policyJson: policyText.length, observedJson: observedText.length },
    medianMs: {
      jsonParse: median(parseMs),
      buildPlan: median(planMs),
      policyParseLoadAndChecks: median(loadMs),
      observedParseAndValidate: median(validateMs),
    },
    loadRatio: median(loadMs) / median(parseMs),
    digestMsInsideBuildPlan: breakdown,
    planWithoutDigestsEstimateMs: Math.max(0, median(planMs) - breakdown.total),
    runsMs: { jsonParse: round(parseMs), buildPlan: round(planMs), policyParseLoadAndChecks: round(loadMs), observedParseAndValidate: round(validateMs) },
    ratios: ratios.map((r) => Math.round(r * 100) / 100),
    plan: { counts: result.counts, foreign: result.foreign.length, unclaimed: result.unclaimed.length },
    method: 'median over repetitions of (buildPlan ms / JSON.parse ms of policy JSON + observed JSON), process.hrtime, after warm-up runs, inputs already parsed',
  });
}

/**
 * Where buildPlan's time goes: the digests it computes, timed on their own with the same inputs
 * (the observed digest, the plan digest over the plan body, one baseline digest per host and one
 * basis digest per lane).
 */
function digestBreakdown(plan: ReturnType<typeof buildPlan>, observed: ReturnType<typeof scaleObserved>['observed'], repetitions: number) {
  const { digest: _digest, ...body } = plan;
  const baselines = new Map(Object.values(observed.hosts).map((h) => [h.host, baselineDigest(h.baseline)]));
  const laneFacts = plan.lanes.map((l) => {
    const host = observed.hosts[l.host];
    const scope = observed.github.find((s) => s.scope === l.scope);
    return {
      runner: scope?.runners.find((r) => r.name === l.lane) ?? null,
      scopeError: scope ? (scope.error ?? null) : 'missing',
      hostError: host ? (host.error ?? null) : 'missing',
      hostLane: host?.lanes[l.lane] ?? null,
      baselineDigest: baselines.get(l.host) ?? baselineDigest([]),
    };
  });
  const observedMs: number[] = [];
  const planMs: number[] = [];
  const basisMs: number[] = [];
  for (let i = 0; i < repetitions + 1; i++) {
    const o = timeMs(() => observedDigest(observed));
    const p = timeMs(() => planDigest(body));
    const b = timeMs(() => laneFacts.forEach((f) => laneBasisDigest(f)));
    if (i === 0) continue; // warm-up
    observedMs.push(o);
    planMs.push(p);
    basisMs.push(b);
  }
  const observedDigestMs = median(observedMs);
  const planDigestMs = median(planMs);
  const laneBasisDigestsMs = median(basisMs);
  return { observedDigestMs, planDigestMs, laneBasisDigestsMs, total: observedDigestMs + planDigestMs + laneBasisDigestsMs };
}

import { DEFAULT_OUTPUT_DIR, DEFAULT_POLICY_PATH, Inputs, Outputs } from '../constants.js';
import { loadPolicyFile } from '../policy/load.js';
import { buildPlan } from '../plan/planner.js';
import { renderPlanMarkdown, renderPlanText } from '../plan/render.js';
import { confirmationPhrase, type Plan } from '../plan/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { OutputFiles, writeJsonFile } from './files.js';
import type { CommandIO } from './io.js';
import { readObservedInput } from './observed-input.js';
import { recorderFor, recording } from './recording.js';

export interface PlanResult {
  readonly plan: Plan;
  readonly planPath: string;
}

/** `plan`: policy + observed state → plan file, outputs and a summary. Mutates nothing. */
export async function runPlan(io: CommandIO, clock: Clock = systemClock): Promise<PlanResult> {
  const policyPath = io.input(Inputs.Policy) || DEFAULT_POLICY_PATH;
  const outputDir = io.input(Inputs.OutputDir) || DEFAULT_OUTPUT_DIR;
  const observedPath = io.input(Inputs.Observed) || OutputFiles.observed(outputDir);
  const only = io.input(Inputs.Lane) || 'all';
  const recorder = recorderFor(io, 'plan', clock);
  return recording(recorder, outputDir, async () => {
    const { policy, problems } = loadPolicyFile(policyPath);
    recorder.recordPolicyDigest(policy.digest);
    for (const p of problems) io.warning(`${p.path}: ${p.message} (fix: ${p.fix})`, { file: policyPath, line: p.line });

    const observed = readObservedInput(observedPath, (m) => io.warning(m));
    const plan = buildPlan(policy, problems, observed, { only });
    const planPath = io.input(Inputs.PlanFile) || OutputFiles.plan(outputDir);
    writeJsonFile(planPath, plan);
    writeJsonFile(OutputFiles.planObserved(planPath), observed);
    recorder.recordObserved('pre', observed);
    recorder.recordPlan(plan);

    io.output(Outputs.PlanPath, planPath);
    io.output(Outputs.PlanDigest, plan.digest);
    io.output(Outputs.Confirmation, confirmationPhrase(plan.digest));
    io.output(Outputs.Changes, String(plan.counts.changes));
    io.output(Outputs.Blocked, String(plan.counts.blocked));
    io.output(Outputs.Status, plan.counts.blocked > 0 ? 'blocked' : 'ready');
    await io.summary(renderPlanMarkdown(plan), renderPlanText(plan));
    return { plan, planPath };
  });
}

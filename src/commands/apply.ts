import { randomBytes } from 'node:crypto';
import { DEFAULT_OUTPUT_DIR, DEFAULT_POLICY_PATH, Inputs, Modes, Outputs, type Mode } from '../constants.js';
import { ApplyFailedError, PlanIntegrityError, StalePlanError } from '../apply/errors.js';
import { checkConfirmation, resolveIdempotencyKey } from '../apply/guards.js';
import { applyPlan, lanesToApply } from '../apply/apply-plan.js';
import { renderApplyMarkdown, renderApplyText } from '../apply/render.js';
import { staleLaneChanges } from '../apply/stale.js';
import { DEFAULT_TIMING, type LaneResult } from '../apply/types.js';
import type { GitHubCallEvidence, GitHubRunners } from '../github/port.js';
import type { HostAgent } from '../host/port.js';
import { observe, policyScopes } from '../inventory/observe.js';
import { observedDigest, planDigest } from '../plan/digest.js';
import type { ObservedState } from '../plan/observed.js';
import { buildPlan, selectLanes } from '../plan/planner.js';
import { confirmationPhrase, type Plan } from '../plan/types.js';
import { loadPolicyFile } from '../policy/load.js';
import { systemClock, type Clock } from '../util/clock.js';
import { githubFromInputs, hostFromInputs, serverUrlFromInputs } from './adapters.js';
import { InputError, InputFileError } from './errors.js';
import { actionsLeaseProof } from './id-token.js';
import { scopesAccess } from './host-matrix.js';
import { OutputFiles, readJsonFile, writeJsonFile } from './files.js';
import type { CommandIO } from './io.js';
import { readObservedFile } from './observed-input.js';
import { recorderFor } from './recording.js';

export interface ApplyCommandDeps {
  readonly github?: GitHubRunners;
  readonly host?: HostAgent | null;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly timing?: Partial<typeof DEFAULT_TIMING>;
}

export type ApplyResultWord = 'dry-run' | 'completed' | 'failed' | 'noop';

/**
 * `apply`: carries out a reviewed plan on this job's host. Dry-run by default. In apply mode it
 * fails closed: exact confirmation, idempotency key, plan file intact, plan not stale, lease per
 * lane. Outputs, results file and audit partial are written whatever happens.
 */
export async function runApply(io: CommandIO, deps: ApplyCommandDeps = {}): Promise<{ result: ApplyResultWord; lanes: LaneResult[] }> {
  const clock = deps.clock ?? systemClock;
  const outputDir = io.input(Inputs.OutputDir) || DEFAULT_OUTPUT_DIR;
  const mode = parseMode(io.input(Inputs.Mode));
  // Resolved first so the audit record names it; a missing key is refused below, in apply mode.
  let idempotencyKey: string | null = null;
  try {
    idempotencyKey = resolveIdempotencyKey(io.input(Inputs.IdempotencyKey), (n) => io.env(n));
  } catch {
    idempotencyKey = null;
  }
  const recorder = recorderFor(io, 'apply', clock, idempotencyKey);
  let result: ApplyResultWord = mode === 'dry-run' ? 'dry-run' : 'failed';
  let lanes: LaneResult[] = [];
  try {
    const policyPath = io.input(Inputs.Policy) || DEFAULT_POLICY_PATH;
    const { policy, problems } = loadPolicyFile(policyPath);
    recorder.recordPolicyDigest(policy.digest);
    const planPath = io.input(Inputs.PlanFile) || OutputFiles.plan(outputDir);
    const { plan: reviewed, observed: reviewedObserved } = readReviewedPlan(planPath);
    recorder.recordPlan(reviewed);
    recorder.recordObserved('pre', reviewedObserved);
    const expected = confirmationPhrase(reviewed.digest);
    // In apply mode every new lease carries the job's OIDC token, bound to this host and plan.
    const host = deps.host === undefined ? hostFromInputs(io, mode === 'apply' ? actionsLeaseProof(io, reviewed.digest) : undefined) : deps.host;
    const only = io.input(Inputs.Lane) || 'all';
    const hostName = host?.host ?? io.input(Inputs.Host);
    const targets = lanesToApply(reviewed, policy, hostName).filter((t) => selectLanes([t.lane], only).length > 0);

    if (mode === 'dry-run') {
      const confirmation = io.input(Inputs.Confirmation);
      io.info(`Dry run: nothing is changed. ${targets.length} lane(s) would be applied on ${hostName || '(no host given)'}.`);
      if (confirmation) io.info(confirmation === expected ? `The confirmation matches this plan.` : `The confirmation "${confirmation}" does not match this plan; it expects "${expected}".`);
      io.output(Outputs.Result, 'dry-run');
      io.output(Outputs.Confirmation, expected);
      const view = { mode, plan: reviewed, targets: targets.map((t) => t.plan), results: [] };
      await io.summary(renderApplyMarkdown(view), renderApplyText(view));
      recorder.end('planned');
      return { result, lanes };
    }

    checkConfirmation(reviewed.digest, io.input(Inputs.Confirmation));
    idempotencyKey = resolveIdempotencyKey(io.input(Inputs.IdempotencyKey), (n) => io.env(n));
    if (!host) throw new InputError(Inputs.Host, 'input "host" (CLI: --host) is empty: apply runs on the host it changes; give the host name as the policy spells it');
    // Re-observe this host and the scopes of its lanes; the reviewed state stands for the rest.
    const hostLanes = selectLanes(policy.lanes, only).filter((l) => l.host === host.host);
    const github = deps.github ?? githubFromInputs(io, { ...scopesAccess(hostLanes.map((l) => l.scope)), write: true });
    const observeHost = () => observe(policy, hostLanes, { github, hosts: [host], clock }, policyScopes(policy, hostLanes));
    const fresh = await io.group(`Observe ${host.host} again`, observeHost);
    const current = buildPlan(policy, problems, overlay(reviewedObserved, fresh), { only });
    const targetNames = hostLanes.map((l) => l.name);
    const changes = staleLaneChanges(reviewed.lanes, current.lanes, targetNames);
    // The policy itself must be the reviewed one: a field that shows in no step (a runner group,
    // a drain timeout) must not change between review and apply.
    if (reviewed.policyDigest !== policy.digest) {
      changes.unshift(`the policy changed since the plan was made (reviewed ${reviewed.policyDigest.slice(0, 12)}, now ${policy.digest.slice(0, 12)})`);
    }
    const currentTargets = lanesToApply(current, policy, host.host).filter((t) => targetNames.includes(t.lane.name));
    if (changes.length > 0) {
      if (reviewed.policyDigest === policy.digest && currentTargets.length === 0 && current.lanes.filter((l) => targetNames.includes(l.lane)).every((l) => l.status === 'ready')) {
        // Everything the reviewed plan asked for is already so (a re-run after success): nothing to do.
        io.info(`Nothing to do: every selected lane on ${host.host} is already as the policy says (idempotency key ${idempotencyKey}).`);
        result = 'noop';
        io.output(Outputs.Result, result);
        recorder.recordObserved('post', fresh);
        recorder.end('completed');
        await io.summary(`### Lanekeeper apply: nothing to do\n\nEvery selected lane on ${host.host} is already as the policy says.\n`, `Nothing to do: every selected lane on ${host.host} is already as the policy says.\n`);
        return { result, lanes };
      }
      throw new StalePlanError(reviewed.digest, current.digest, changes);
    }

    // Unique per process: two applies given the same key must not share (and renew) one lease.
    const holder = `${idempotencyKey.slice(0, 100)}@${host.host.slice(0, 16)}+${randomBytes(4).toString('hex')}`;
    lanes = await io.group(`Apply ${currentTargets.length} lane(s) on ${host.host}`, () =>
      applyPlan(current, policy, holder, {
        github,
        host,
        clock,
        sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
        log: (line) => io.info(line),
        onSecret: (s) => io.setSecret(s),
        serverUrl: serverUrlFromInputs(io),
        timing: { ...DEFAULT_TIMING, ...deps.timing },
        evidence: evidenceOf(github),
      }),
    );
    for (const l of lanes) recorder.recordAppliedLane(l, (step) => ({ github: [...(step.github ?? [])] }));
    const post = await observeHost().catch(() => null);
    if (post) recorder.recordObserved('post', post);
    writeJsonFile(OutputFiles.applyResults(outputDir, host.host), { planDigest: reviewed.digest, idempotencyKey, host: host.host, lanes });

    const failed = lanes.filter((l) => l.result === 'failed');
    result = failed.length > 0 ? 'failed' : lanes.length === 0 ? 'noop' : 'completed';
    io.output(Outputs.Result, result);
    const view = { mode, plan: reviewed, targets: currentTargets.map((t) => t.plan), results: lanes };
    await io.summary(renderApplyMarkdown(view), renderApplyText(view));
    recorder.end(failed.length > 0 ? 'failed' : 'completed');
    if (failed.length > 0) throw new ApplyFailedError(failed.map((f) => ({ lane: f.lane, message: f.failure?.message ?? 'failed', recovery: f.failure?.recovery ?? '' })));
    return { result, lanes };
  } catch (e) {
    if (!(e instanceof ApplyFailedError)) {
      recorder.error(e);
      recorder.end(mode === 'apply' ? 'failed' : 'planned');
    }
    io.output(Outputs.Result, result);
    throw e;
  } finally {
    await recorder.writePartial(outputDir);
  }
}

function evidenceOf(github: GitHubRunners): (() => readonly GitHubCallEvidence[]) | undefined {
  const withEvidence = github as GitHubRunners & { evidence?: () => readonly GitHubCallEvidence[] };
  return typeof withEvidence.evidence === 'function' ? () => withEvidence.evidence!() : undefined;
}

function parseMode(value: string): Mode {
  if (value === '') return 'dry-run';
  if ((Modes as readonly string[]).includes(value)) return value as Mode;
  throw new InputError(Inputs.Mode, `input "mode" is "${value}"; use dry-run (the default) or apply`);
}

/** The reviewed plan and the observed state it was built from, checked against the plan's own digest. */
function readReviewedPlan(planPath: string): { plan: Plan; observed: ObservedState } {
  const raw = readJsonFile(planPath, 'reviewed plan', 'run plan first (the dry-run) and pass its plan file') as Partial<Plan>;
  if (!raw || typeof raw.digest !== 'string' || !Array.isArray(raw.lanes)) throw new InputFileError(planPath, 'not a Lanekeeper plan file');
  const observed = readObservedFile(OutputFiles.planObserved(planPath));
  const { digest, ...body } = raw as Plan;
  const actual = planDigest(body);
  if (actual !== digest) throw new PlanIntegrityError(planPath, digest, actual);
  const observedActual = observedDigest(observed);
  if (observedActual !== body.observedDigest) throw new PlanIntegrityError(OutputFiles.planObserved(planPath), body.observedDigest, observedActual);
  return { plan: raw as Plan, observed };
}

/** The reviewed observed state with this job's fresh observations in place of the old ones. */
function overlay(reviewed: ObservedState, fresh: ObservedState): ObservedState {
  const freshScopes = new Map(fresh.github.map((s) => [s.scope, s]));
  return {
    schemaVersion: 1,
    observedAt: fresh.observedAt,
    github: [...reviewed.github.filter((s) => !freshScopes.has(s.scope)), ...fresh.github],
    hosts: { ...reviewed.hosts, ...fresh.hosts },
  };
}

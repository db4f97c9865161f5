import type { LaneRef } from '../host/port.js';
import type { GitHubRunner } from '../plan/observed.js';
import type { LanePlan, Step, StepKind } from '../plan/types.js';
import type { DesiredLane, Policy } from '../policy/types.js';
import { scopeUrl } from '../policy/types.js';
import { LeaseKeeper } from './lease-keeper.js';
import { absentGates, presentGates } from './gates.js';
import { recoveryHint } from './recovery.js';
import type { ApplyDeps, GateResult, LaneResult, StepResult } from './types.js';

/** Drain timed out and the policy says skip: the lane is left as it was, labels restored. */
class SkipLane extends Error {
  override readonly name = 'SkipLane';
}

export function laneRef(lane: DesiredLane): LaneRef {
  return { lane: lane.name, root: lane.registrationRoot, user: lane.serviceUser, unit: lane.unit };
}

/**
 * Carries out one lane's planned steps under its lease, then checks every completion gate.
 * Never throws for an expected failure: the result says `failed`, which step, and how to recover.
 * Whatever happens, a cordoned lane gets its labels back and the lease is released.
 */
export async function applyLane(lane: DesiredLane, plan: LanePlan, policy: Policy, holder: string, deps: ApplyDeps): Promise<LaneResult> {
  const ref = laneRef(lane);
  const lease = new LeaseKeeper(deps.host, ref, holder, deps.timing.leaseTtlSeconds);
  const steps: StepResult[] = [];
  let gates: GateResult[] = [];
  let runnerId = plan.runnerId;
  let cordoned = false;
  const say = (m: string) => deps.log(`[${lane.name}] ${m}`);

  // Only a runner of the lane's name that carries the managed label is the lane's: a runner
  // Lanekeeper does not own that appears under the name meanwhile is never cordoned, relabelled
  // or deleted.
  const ours = (r: GitHubRunner | null | undefined): r is GitHubRunner =>
    !!r && r.name === lane.name && r.labels.some((l) => l.type === 'custom' && l.name === policy.managedLabel);
  const findRunner = async (): Promise<GitHubRunner | null> => {
    if (runnerId !== null) {
      const r = await deps.github.getRunner(lane.scope, runnerId);
      if (ours(r)) return r;
    }
    const found = (await deps.github.listRunners(lane.scope)).find((r) => ours(r)) ?? null;
    runnerId = found?.id ?? null;
    return found;
  };

  const restoreLabels = async () => {
    if (!cordoned) return;
    const r = await findRunner();
    if (r) await deps.github.setLabels(lane.scope, r.id, [...lane.labels]);
    cordoned = false;
    say('labels restored');
  };

  const execute = async (step: Step): Promise<string | undefined> => {
    const kind: StepKind = step.kind;
    switch (kind) {
      case 'lease.acquire': {
        const l = await lease.acquire();
        const proven = l.proof ? `; proven by run ${l.proof.runId} attempt ${l.proof.runAttempt} of ${l.proof.actor} (${l.proof.jobWorkflowRef})` : '';
        return `fencing token ${l.fencingToken}, expires ${l.expiresAt}${proven}`;
      }
      case 'lease.release':
        await lease.release();
        return undefined;
      case 'github.cordon': {
        const r = await findRunner();
        if (!r) return 'no registration to cordon';
        await deps.github.setLabels(lane.scope, r.id, [policy.managedLabel]);
        cordoned = true;
        return `labels set to [${policy.managedLabel}]; no new job is routed to runner #${r.id}`;
      }
      case 'drain.wait':
        return drain();
      case 'github.delete-runner': {
        const r = await findRunner();
        if (!r) return 'already gone';
        await deps.github.deleteRunner(lane.scope, r.id);
        runnerId = null;
        cordoned = false;
        return `deleted runner #${r.id}`;
      }
      case 'runner.prepare-directory':
        await deps.host.prepareDirectory(ref, lease.token());
        return lane.directory;
      case 'runner.configure': {
        const token = await deps.github.createRegistrationToken(lane.scope);
        deps.onSecret(token.token.reveal());
        await deps.host.configureRunner(ref, lease.token(), {
          url: scopeUrl(lane.scope, deps.serverUrl),
          token: token.token,
          name: lane.name,
          labels: lane.labels,
          runnerGroup: lane.runnerGroup,
        });
        runnerId = null;
        return `registered ${lane.name} at ${scopeUrl(lane.scope, deps.serverUrl)}`;
      }
      case 'runner.unconfigure':
        // The registration went before (github.delete-runner, by the id GitHub lists for the
        // lane's name): this only deletes the local files, so nothing in .runner is trusted.
        await deps.host.unconfigureRunner(ref, lease.token());
        return 'config.sh remove --local done';
      case 'host.install-unit': {
        const { changed } = await deps.host.installOrUpdateUnit(ref, lease.token());
        return changed ? 'unit file written' : 'unit file already up to date';
      }
      case 'host.daemon-reload':
        await deps.host.daemonReload(ref, lease.token());
        return undefined;
      case 'host.enable-now':
        await deps.host.enableNow(ref, lease.token());
        return undefined;
      case 'host.restart':
        await deps.host.restart(ref, lease.token());
        return undefined;
      case 'host.stop':
        await deps.host.stop(ref, lease.token());
        return undefined;
      case 'host.disable':
        await deps.host.disable(ref, lease.token());
        return undefined;
      case 'host.remove-unit':
        await deps.host.removeUnit(ref, lease.token());
        return undefined;
      case 'runner.remove-directory':
        await deps.host.removeDirectory(ref, lease.token());
        return `removed ${lane.directory}`;
      case 'github.set-labels': {
        const r = await waitForRunner();
        await deps.github.setLabels(lane.scope, r.id, [...lane.labels]);
        cordoned = false;
        return `labels of runner #${r.id} set to [${lane.labels.join(', ')}]`;
      }
      case 'verify.gates':
        gates = await verify();
        if (gates.some((g) => !g.ok)) throw new GateFailure(gates);
        return `${gates.length} gates passed`;
    }
  };

  const waitForRunner = async (): Promise<GitHubRunner> => {
    const deadline = deps.clock.now().getTime() + deps.timing.gateTimeoutMs;
    for (;;) {
      const r = await findRunner();
      if (r) return r;
      if (deps.clock.now().getTime() >= deadline) throw new Error(`runner ${lane.name} did not appear in ${lane.scopeKey}`);
      await deps.sleep(deps.timing.pollMs);
    }
  };

  const drain = async (): Promise<string> => {
    const started = deps.clock.now().getTime();
    const deadline = started + lane.drain.timeoutSeconds * 1000;
    let announced = false;
    for (;;) {
      lease.token();
      const r = await findRunner();
      const hostLane = (await deps.host.status([ref])).lanes[lane.name];
      const busy = r?.busy === true;
      const worker = hostLane?.workerRunning === true;
      if (!busy && !worker) return `idle after ${Math.round((deps.clock.now().getTime() - started) / 1000)}s`;
      if (!announced) {
        say(`waiting for the running job to finish (GitHub busy: ${busy}, Runner.Worker running: ${worker}), up to ${lane.drain.timeoutSeconds}s`);
        announced = true;
      }
      if (deps.clock.now().getTime() >= deadline) {
        await restoreLabels();
        const msg = `still busy after ${lane.drain.timeoutSeconds}s (GitHub busy: ${busy}, Runner.Worker running: ${worker})`;
        if (lane.drain.onTimeout === 'skip') throw new SkipLane(msg);
        throw new Error(msg);
      }
      await deps.sleep(deps.timing.pollMs);
    }
  };

  const verify = async (): Promise<GateResult[]> => {
    const deadline = deps.clock.now().getTime() + deps.timing.gateTimeoutMs;
    for (;;) {
      const hostObs = await deps.host.status([ref]);
      const r = await findRunner();
      const result = lane.ensure === 'absent' ? absentGates(lane, hostObs.lanes[lane.name], r) : presentGates(lane, hostObs, r);
      if (result.every((g) => g.ok) || deps.clock.now().getTime() >= deadline) return result;
      await deps.sleep(deps.timing.pollMs);
    }
  };

  say(`${plan.action}: ${plan.reason}`);
  let failure: LaneResult['failure'];
  let skipped = false;
  const todo = [...plan.steps];
  // Removal has no verify step in the plan (nothing to keep running); it is checked all the same.
  if (lane.ensure === 'absent' && !todo.some((s) => s.kind === 'verify.gates')) {
    const at = todo.findIndex((s) => s.kind === 'lease.release');
    todo.splice(at < 0 ? todo.length : at, 0, { kind: 'verify.gates', description: 'check every completion gate' });
  }
  try {
    for (const step of todo) {
      if (step.kind === 'lease.release') continue;
      const startedAt = deps.clock.now();
      const callsBefore = deps.evidence?.().length ?? 0;
      const calls = () => deps.evidence?.().slice(callsBefore);
      say(`→ ${step.description}`);
      try {
        // Every step after the lease is taken runs only while the lease is still ours.
        if (step.kind !== 'lease.acquire') lease.token();
        const detail = await execute(step);
        const finishedAt = deps.clock.now();
        steps.push({ kind: step.kind, description: step.description, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(), result: 'ok', detail, github: calls() });
        say(`  ok in ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1)} s${detail ? `: ${detail}` : ''}`);
      } catch (e) {
        const finishedAt = deps.clock.now();
        const message = e instanceof GateFailure ? e.message : (e as Error).message;
        steps.push({ kind: step.kind, description: step.description, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(), result: e instanceof SkipLane ? 'skipped' : 'failed', error: message, github: calls() });
        if (e instanceof SkipLane) {
          skipped = true;
          say(`skipped: ${message}; labels restored, nothing else changed`);
        } else {
          failure = { step: e instanceof GateFailure ? 'gates' : step.kind, message: `${step.description}: ${message}`, recovery: recoveryHint(e instanceof GateFailure ? 'gates' : step.kind, lane) };
          say(`FAILED at "${step.description}": ${message}`);
        }
        break;
      }
    }
  } finally {
    if (failure) {
      try {
        await restoreLabels();
      } catch (e) {
        say(`could not restore the labels: ${(e as Error).message}`);
        failure = {
          ...failure,
          recovery: `${failure.recovery}. Lane ${lane.name} is still cordoned (labels [${policy.managedLabel}]): apply again, or set its labels to [${lane.labels.join(', ')}] by hand`,
        };
      }
    }
    const startedAt = deps.clock.now();
    try {
      await lease.release();
      if (plan.steps.some((s) => s.kind === 'lease.release')) {
        const finishedAt = deps.clock.now();
        steps.push({ kind: 'lease.release', description: `release the lease on lane ${lane.name}`, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(), result: 'ok' });
      }
    } catch (e) {
      say(`could not release the lease (it expires by itself): ${(e as Error).message}`);
    }
  }
  const result = failure ? 'failed' : skipped ? 'skipped' : 'completed';
  say(result === 'completed' ? `completed: ${gates.length} gates passed` : result);
  return { lane: lane.name, host: lane.host, action: plan.action, result, fencingToken: lease.fencingToken, ...(lease.proof ? { leaseProof: lease.proof } : {}), steps, gates, failure };
}

class GateFailure extends Error {
  override readonly name = 'GateFailure';
  constructor(readonly gates: readonly GateResult[]) {
    super(`completion gates failed: ${gates.filter((g) => !g.ok).map((g) => `${g.name} (${g.evidence})`).join('; ')}`);
  }
}

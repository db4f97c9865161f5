/**
 * Small builders for audit tests: a hand-made plan and observed state (fixed digests, so golden
 * renderings do not move when the planner evolves) and recorders driven through whole runs.
 */
import { assembleRecord } from '../../../src/audit/assemble.js';
import type { AuditPartial } from '../../../src/audit/partial.js';
import { AuditRecorder } from '../../../src/audit/recorder.js';
import type { AuditRecord, RunContext } from '../../../src/audit/record.js';
import type { ObservedState } from '../../../src/plan/observed.js';
import type { LanePlan, Plan, Step } from '../../../src/plan/types.js';
import { ManualClock } from '../../../src/util/clock.js';
import { sha256Hex } from '../../../src/util/canonical-json.js';

export const POLICY_DIGEST = sha256Hex('policy');
export const PLAN_DIGEST = sha256Hex('plan');

export const RUN: RunContext = {
  actor: 'octocat',
  runUrl: 'https://github.com/acme/infra/actions/runs/4242/attempts/1',
  runId: '4242',
  runAttempt: 1,
  repository: 'acme/infra',
};

export function observed(at = '2026-01-01T00:00:00.000Z'): ObservedState {
  return {
    schemaVersion: 1,
    observedAt: at,
    github: [{ scope: 'repo:acme/app', runners: [] }],
    hosts: {},
  };
}

function lanePlan(lane: string, o: Partial<LanePlan> = {}): LanePlan {
  return {
    lane,
    path: 'lanes[0]',
    host: 'build-1',
    scope: 'repo:acme/app',
    ensure: 'present',
    shape: 'absent',
    action: 'create',
    reason: 'the lane is absent',
    steps: [],
    blockers: [],
    status: 'ready',
    runnerId: null,
    basisDigest: sha256Hex(`basis of ${lane}`),
    ...o,
  };
}

const CREATE_STEPS: readonly Step[] = [
  { kind: 'lease.acquire', description: 'take the lane lease on build-1' },
  { kind: 'runner.configure', description: 'register the runner with GitHub', needsToken: 'registration' },
  { kind: 'host.enable-now', description: 'enable and start the unit' },
];

export function plan(): Plan {
  const lanes = [
    lanePlan('ci-1', { steps: CREATE_STEPS }),
    lanePlan('ci-2', { shape: 'supervised_active', action: 'noop', reason: 'as the policy says' }),
    lanePlan('ci-3', {
      shape: 'unknown_conflict',
      action: 'noop',
      status: 'blocked',
      reason: 'a runner not managed by Lanekeeper holds the name',
      blockers: [{ code: 'unmanaged_runner_exists', message: 'runner ci-3 has no managed label', fix: 'remove or rename it' }],
    }),
  ];
  return {
    schemaVersion: 1,
    policyDigest: POLICY_DIGEST,
    observedDigest: sha256Hex('observed'),
    lanes,
    foreign: [],
    unclaimed: [],
    policyProblems: [],
    counts: {
      lanes: 3,
      ready: 2,
      blocked: 1,
      changes: 1,
      foreign: 0,
      byAction: { noop: 2, create: 1, adopt: 0, reconcile: 0, restart: 0, remove: 0 },
    },
    digest: PLAN_DIGEST,
  };
}

export interface Jobs {
  readonly inventory: AuditRecorder;
  readonly plan: AuditRecorder;
  readonly apply: AuditRecorder;
  readonly clock: ManualClock;
}

/** The three contributing jobs of one run; apply is left for the test to drive. */
export function jobs(mode: 'dry-run' | 'apply' = 'apply'): Jobs {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const options = { run: RUN, mode, idempotencyKey: 'deploy-2026-01-01', clock };
  const inventory = new AuditRecorder({ ...options, source: 'inventory' });
  inventory.recordObserved('pre', observed());
  clock.advance(2_000);
  inventory.end();
  const planJob = new AuditRecorder({ ...options, source: 'plan' });
  planJob.recordPlan(plan());
  clock.advance(500);
  planJob.end();
  const apply = new AuditRecorder({ ...options, source: 'apply' });
  apply.recordPlan(plan());
  return { inventory, plan: planJob, apply, clock };
}

/** Drives apply through lane ci-1: three steps with evidence, gates, and the given ending. */
export function driveApply(j: Jobs, ending: 'completed' | 'failed'): void {
  const { apply, clock } = j;
  apply.laneFencingToken('ci-1', 7);
  apply.laneStepStarted('ci-1', CREATE_STEPS[0]!);
  clock.advance(120);
  apply.laneStepFinished('ci-1', 'lease.acquire', { result: 'ok', helper: [{ verb: 'lease-acquire', exitCode: 0, durationMs: 110 }] });
  apply.laneStepStarted('ci-1', CREATE_STEPS[1]!);
  clock.advance(900);
  apply.laneStepFinished('ci-1', 'runner.configure', {
    result: 'ok',
    github: [{ method: 'POST', route: '/repos/{owner}/{repo}/actions/runners/registration-token', status: 201, requestId: 'A1B2:3C4D:5E6F', durationMs: 80 }],
  });
  apply.laneStepStarted('ci-1', CREATE_STEPS[2]!);
  clock.advance(1_500);
  if (ending === 'completed') {
    apply.laneStepFinished('ci-1', 'host.enable-now', { result: 'ok', helper: [{ verb: 'enable-now', exitCode: 0 }] });
    apply.laneGate('ci-1', { name: 'unit-active', ok: true, evidence: 'ActiveState=active' });
    apply.laneGate('ci-1', { name: 'runner-online', ok: true, evidence: 'runner 12 online with the managed label' });
    apply.laneResult('ci-1', 'completed');
  } else {
    apply.laneStepFinished('ci-1', 'host.enable-now', {
      result: 'failed',
      error: 'systemctl enable --now exited 1',
      helper: [{ verb: 'enable-now', exitCode: 4 }],
    });
    apply.laneGate('ci-1', { name: 'unit-active', ok: false, evidence: 'ActiveState=failed' });
    apply.laneResult('ci-1', 'failed', {
      message: 'the unit did not start',
      step: 'host.enable-now',
      recoveryHint: 'read journalctl -u the lane unit on build-1, fix the cause, then run apply again',
    });
  }
  apply.recordObserved('post', observed('2026-01-01T00:00:05.000Z'));
  clock.advance(100);
  apply.end(ending);
}

/** A whole record as the audit job would assemble it. */
export function recordOf(kind: 'planned' | 'completed' | 'failed'): AuditRecord {
  const j = jobs(kind === 'planned' ? 'dry-run' : 'apply');
  if (kind !== 'planned') driveApply(j, kind);
  const partials = [j.inventory.toPartial(), j.plan.toPartial(), ...(kind === 'planned' ? [] : [j.apply.toPartial()])];
  return assemble(partials, j.clock);
}


function assemble(partials: AuditPartial[], clock: ManualClock): AuditRecord {
  clock.advance(300);
  const auditStartedAt = clock.now();
  clock.advance(50);
  return assembleRecord(partials, { run: RUN, now: clock.now(), auditStartedAt });
}

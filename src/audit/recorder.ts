/**
 * The builder inventory, plan and apply feed while they run. Each job owns one recorder and
 * writes its partial record into the output directory when it ends (also when it fails).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mode } from '../constants.js';
import type { LaneResult as AppliedLane } from '../apply/types.js';
import type { ObservedState } from '../plan/observed.js';
import type { LanePlan, Plan, StepKind } from '../plan/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { assembleRecord } from './assemble.js';
import { AUDIT_PARTIAL_KIND, partialFileName, type AuditPartial, type PartialSource } from './partial.js';
import type {
  AuditRecord,
  AuditStatus,
  GateRecord,
  GitHubEvidence,
  HelperEvidence,
  LaneFailure,
  LaneRecord,
  LaneResult,
  RunContext,
  RunError,
  StepEvidence,
  StepRecord,
  StepResult,
} from './record.js';
import { redactedJson } from './redact.js';
import type { SecretRegistry } from './secrets.js';

export interface AuditRecorderOptions {
  readonly source: PartialSource;
  readonly run: RunContext;
  readonly mode?: Mode | null | undefined;
  readonly idempotencyKey?: string | null | undefined;
  readonly clock?: Clock | undefined;
}

export interface StepOutcome {
  readonly result: StepResult;
  readonly error?: string | null | undefined;
  readonly github?: readonly GitHubEvidence[] | undefined;
  readonly helper?: readonly HelperEvidence[] | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The lane record a plan implies before apply touches anything. */
export function plannedLaneRecord(lane: LanePlan): LaneRecord {
  return {
    lane: lane.lane,
    host: lane.host,
    scope: lane.scope,
    shape: lane.shape,
    action: lane.action,
    result: lane.status === 'blocked' ? 'blocked' : lane.action === 'noop' ? 'noop' : 'planned',
    fencingToken: null,
    steps: [],
    gates: [],
    failure: null,
  };
}

export class AuditRecorder {
  readonly #options: AuditRecorderOptions;
  readonly #clock: Clock;
  readonly #startedAt: Date;
  #policyDigest: string | null = null;
  #plan: Plan | null = null;
  #observedPre: ObservedState | null = null;
  #observedPost: ObservedState | null = null;
  readonly #lanes = new Map<string, Mutable<LaneRecord>>();
  readonly #errors: RunError[] = [];
  #status: AuditStatus | null = null;
  #finishedAt: Date | null = null;

  constructor(options: AuditRecorderOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#startedAt = this.#clock.now();
  }

  get source(): PartialSource {
    return this.#options.source;
  }

  recordPolicyDigest(digest: string): void {
    this.#policyDigest = digest;
  }

  recordObserved(which: 'pre' | 'post', state: ObservedState): void {
    if (which === 'pre') this.#observedPre = state;
    else this.#observedPost = state;
  }

  /** Records the plan and one lane entry per planned lane (result planned, blocked or noop). */
  recordPlan(plan: Plan): void {
    this.#plan = plan;
    this.#policyDigest = plan.policyDigest;
    for (const lane of plan.lanes) {
      if (!this.#lanes.has(lane.lane)) this.#lanes.set(lane.lane, { ...plannedLaneRecord(lane), steps: [], gates: [] });
    }
  }

  laneFencingToken(lane: string, fencingToken: number): void {
    this.#lane(lane).fencingToken = fencingToken;
  }

  laneStepStarted(lane: string, step: { readonly kind: StepKind; readonly description: string }): void {
    this.#lane(lane).steps.push({
      kind: step.kind,
      description: step.description,
      startedAt: this.#clock.now().toISOString(),
      finishedAt: null,
      durationMs: null,
      result: 'skipped',
      error: null,
      evidence: { github: [], helper: [] },
    });
  }

  /** Closes the lane's latest open step of this kind; a step never started is recorded as instant. */
  laneStepFinished(lane: string, kind: StepKind, outcome: StepOutcome): void {
    const steps = this.#lane(lane).steps;
    let index = steps.findLastIndex((s) => s.kind === kind && s.finishedAt === null);
    if (index < 0) {
      this.laneStepStarted(lane, { kind, description: kind });
      index = steps.length - 1;
    }
    const step = steps[index]!;
    const finished = this.#clock.now();
    steps[index] = {
      ...step,
      finishedAt: finished.toISOString(),
      durationMs: Math.max(0, finished.getTime() - Date.parse(step.startedAt)),
      result: outcome.result,
      error: outcome.error ?? null,
      evidence: {
        github: [...step.evidence.github, ...(outcome.github ?? [])],
        helper: [...step.evidence.helper, ...(outcome.helper ?? [])],
      },
    } satisfies StepRecord;
  }

  /**
   * Records a lane as apply's executor reports it (steps already timed); `evidenceFor` supplies
   * the GitHub and helper calls behind each step. Replaces the lane's earlier steps and gates.
   */
  recordAppliedLane(
    applied: AppliedLane,
    evidenceFor: (step: AppliedLane['steps'][number], index: number) => Partial<StepEvidence> = () => ({}),
  ): void {
    const record = this.#lane(applied.lane);
    record.fencingToken = applied.fencingToken;
    if (applied.leaseProof) record.leaseProof = applied.leaseProof;
    record.steps = applied.steps.map((step, i) => {
      const evidence = evidenceFor(step, i);
      return {
        kind: step.kind,
        description: step.detail ? `${step.description} (${step.detail})` : step.description,
        startedAt: step.startedAt,
        finishedAt: step.finishedAt,
        durationMs: step.durationMs,
        result: step.result,
        error: step.error ?? null,
        evidence: { github: [...(evidence.github ?? [])], helper: [...(evidence.helper ?? [])] },
      };
    });
    record.gates = applied.gates.map((g) => ({ name: g.name, ok: g.ok, evidence: g.evidence }));
    record.result = applied.result;
    record.failure = applied.failure
      ? {
          message: applied.failure.message,
          step: applied.failure.step === 'gates' ? 'verify.gates' : applied.failure.step,
          recoveryHint: applied.failure.recovery,
        }
      : null;
  }

  laneGate(lane: string, gate: GateRecord): void {
    this.#lane(lane).gates.push({ name: gate.name, ok: gate.ok, evidence: gate.evidence });
  }

  laneResult(lane: string, result: LaneResult, failure: LaneFailure | null = null): void {
    const record = this.#lane(lane);
    record.result = result;
    record.failure = failure;
  }

  /** A run-level error: the job could not do its work (as opposed to a lane that failed). */
  error(error: unknown, phase: RunError['phase'] = this.#options.source): void {
    const name = error instanceof Error ? error.name : null;
    const message = error instanceof Error ? error.message : String(error);
    this.#errors.push({ phase, name, message });
  }

  /**
   * The job's own outcome; apply says completed or failed, inventory and plan leave it open.
   * A step still open when the job ends did not finish: it and its lane are recorded as failed.
   */
  end(status: AuditStatus | null = null): void {
    const now = this.#clock.now();
    for (const lane of this.#lanes.values()) {
      const open = lane.steps.filter((s) => s.finishedAt === null);
      for (const step of open) {
        const index = lane.steps.indexOf(step);
        lane.steps[index] = {
          ...step,
          finishedAt: now.toISOString(),
          durationMs: Math.max(0, now.getTime() - Date.parse(step.startedAt)),
          result: 'failed',
          error: 'the step did not finish: the job ended first',
        };
      }
      if (open.length > 0 && lane.result !== 'failed') {
        lane.result = 'failed';
        lane.failure = {
          message: `the job ended during ${open[0]!.kind}`,
          step: open[0]!.kind,
          recoveryHint: 'run inventory and plan again to see the lane as it is now, then apply the new plan',
        };
      }
    }
    this.#status = status;
    this.#finishedAt = now;
  }

  toPartial(): AuditPartial {
    const finishedAt = this.#finishedAt ?? this.#clock.now();
    return {
      schemaVersion: 1,
      kind: AUDIT_PARTIAL_KIND,
      source: this.#options.source,
      run: this.#options.run,
      mode: this.#options.mode ?? null,
      idempotencyKey: this.#options.idempotencyKey ?? null,
      policyDigest: this.#policyDigest,
      plan: this.#plan ? (structuredClone(this.#plan) as unknown as AuditPartial['plan']) : null,
      observed: {
        pre: this.#observedPre ? (structuredClone(this.#observedPre) as unknown as AuditPartial['observed']['pre']) : null,
        post: this.#observedPost ? (structuredClone(this.#observedPost) as unknown as AuditPartial['observed']['post']) : null,
      },
      lanes: [...this.#lanes.values()].map((l) => structuredClone(l)),
      timing: {
        phase: this.#options.source,
        startedAt: this.#startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: Math.max(0, finishedAt.getTime() - this.#startedAt.getTime()),
      },
      errors: [...this.#errors],
      status: this.#status,
    };
  }

  /**
   * The whole record from this recorder alone (the CLI runs every phase in one process):
   * ends the recorder with `status` and assembles its partial.
   */
  finish(status: AuditStatus, registry?: SecretRegistry): AuditRecord {
    this.end(status);
    return assembleRecord([this.toPartial()], { run: this.#options.run, now: this.#clock.now(), registry });
  }

  /** Writes the redacted partial into the output directory; returns its path. */
  async writePartial(outputDir: string, registry?: SecretRegistry): Promise<string> {
    if (this.#finishedAt === null) this.end(this.#status);
    await mkdir(outputDir, { recursive: true });
    const path = join(outputDir, partialFileName(this.#options.source));
    await writeFile(path, redactedJson(this.toPartial(), registry));
    return path;
  }

  #lane(lane: string): Mutable<LaneRecord> {
    const record = this.#lanes.get(lane);
    if (!record) throw new Error(`audit: lane ${lane} is not in the recorded plan; call recordPlan first`);
    return record;
  }
}

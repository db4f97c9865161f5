/**
 * The audit record: one JSON document per workflow run attempt that says what Lanekeeper saw,
 * what it planned, what it did to every lane and with which evidence. Versioned
 * (`schemaVersion: 1`); the JSON Schema in docs/audit-record.schema.json is exported from here.
 *
 * The plan and the observed state are embedded as they were written. Only the fields the audit
 * relies on are checked here (schema version, digests, lane names); everything else passes
 * through, so the record keeps validating while those documents grow new fields.
 */
import { z } from 'zod';
import { LeaseProofSchema } from '../host/lease-proof.js';
import { ACTIONS, SHAPES, STEP_KINDS, confirmationPhrase } from '../plan/types.js';
import { Modes } from '../constants.js';

export const AUDIT_SCHEMA_VERSION = 1;
export const AUDIT_KIND = 'lanekeeper-audit';

export const AUDIT_STATUSES = ['planned', 'completed', 'failed'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const LANE_RESULTS = ['planned', 'completed', 'failed', 'skipped', 'blocked', 'noop'] as const;
export type LaneResult = (typeof LANE_RESULTS)[number];

export const STEP_RESULTS = ['ok', 'failed', 'skipped'] as const;
export type StepResult = (typeof STEP_RESULTS)[number];

/** The jobs that contribute to a record; `audit` is the job that assembles and publishes it. */
export const AUDIT_PHASES = ['inventory', 'plan', 'apply', 'audit'] as const;
export type AuditPhase = (typeof AUDIT_PHASES)[number];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase sha256 hex digest');
const timestamp = z.iso.datetime({ offset: true });
const durationMs = z.number().int().nonnegative();
const scopeKey = z.string().regex(/^(repo|org):.+$/, 'a scope key such as repo:owner/name or org:login');

export const RunContextSchema = z
  .object({
    actor: z.string(),
    /** Link to the workflow run attempt; empty outside GitHub Actions. */
    runUrl: z.string(),
    /** GITHUB_RUN_ID, or `local` outside GitHub Actions. */
    runId: z.string().regex(/^[A-Za-z0-9_-]+$/),
    runAttempt: z.number().int().positive(),
    repository: z.string(),
  })
  .meta({ description: 'Who ran Lanekeeper, where.' });
export type RunContext = z.infer<typeof RunContextSchema>;

export const GitHubEvidenceSchema = z.object({
  method: z.string(),
  route: z.string(),
  status: z.number().int(),
  requestId: z.string().nullable(),
  durationMs: durationMs.optional(),
});
export type GitHubEvidence = z.infer<typeof GitHubEvidenceSchema>;

export const HelperEvidenceSchema = z.object({
  verb: z.string(),
  exitCode: z.number().int(),
  durationMs: durationMs.optional(),
});
export type HelperEvidence = z.infer<typeof HelperEvidenceSchema>;

export const StepEvidenceSchema = z.object({
  github: z.array(GitHubEvidenceSchema),
  helper: z.array(HelperEvidenceSchema),
});
export type StepEvidence = z.infer<typeof StepEvidenceSchema>;

export const StepRecordSchema = z.object({
  kind: z.enum(STEP_KINDS),
  description: z.string(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  durationMs: durationMs.nullable(),
  result: z.enum(STEP_RESULTS),
  error: z.string().nullable(),
  evidence: StepEvidenceSchema,
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export const GateRecordSchema = z.object({
  name: z.string().min(1),
  ok: z.boolean(),
  evidence: z.string(),
});
export type GateRecord = z.infer<typeof GateRecordSchema>;

export const LaneFailureSchema = z.object({
  message: z.string(),
  /** The step that failed, when one did. */
  step: z.enum(STEP_KINDS).nullable(),
  /** What a person does next to bring the lane back. */
  recoveryHint: z.string(),
});
export type LaneFailure = z.infer<typeof LaneFailureSchema>;

export const LaneRecordSchema = z.object({
  lane: z.string().min(1),
  host: z.string(),
  scope: scopeKey,
  shape: z.enum(SHAPES),
  action: z.enum(ACTIONS),
  result: z.enum(LANE_RESULTS),
  /** The lane lease's fencing token apply held; null when no lease was taken. */
  fencingToken: z.number().int().nonnegative().nullable(),
  /** The verified claims of the apply job the host granted the lease to (run, attempt, actor, workflow ref). */
  leaseProof: LeaseProofSchema.optional(),
  steps: z.array(StepRecordSchema),
  gates: z.array(GateRecordSchema),
  failure: LaneFailureSchema.nullable(),
});
export type LaneRecord = z.infer<typeof LaneRecordSchema>;

/** The embedded plan: checked where the audit depends on it, the rest passes through. */
export const EmbeddedPlanSchema = z.looseObject({
  schemaVersion: z.literal(1),
  policyDigest: sha256Hex,
  digest: sha256Hex,
  lanes: z.array(z.looseObject({ lane: z.string() })),
});

/** The embedded observed state: checked where the audit depends on it, the rest passes through. */
export const EmbeddedObservedSchema = z.looseObject({
  schemaVersion: z.literal(1),
  observedAt: timestamp,
});

export const PhaseTimingSchema = z.object({
  phase: z.enum(AUDIT_PHASES),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  durationMs: durationMs.nullable(),
});
export type PhaseTiming = z.infer<typeof PhaseTimingSchema>;

export const RunErrorSchema = z.object({
  phase: z.enum(AUDIT_PHASES),
  /** Error class name (PolicyError, StalePlanError, ...), when known. */
  name: z.string().nullable(),
  message: z.string(),
});
export type RunError = z.infer<typeof RunErrorSchema>;

const recordShape = {
  schemaVersion: z.literal(AUDIT_SCHEMA_VERSION),
  kind: z.literal(AUDIT_KIND),
  status: z.enum(AUDIT_STATUSES),
  run: RunContextSchema,
  idempotencyKey: z.string().nullable(),
  mode: z.enum(Modes),
  policyDigest: sha256Hex.nullable(),
  planDigest: sha256Hex.nullable(),
  /** The exact phrase a reviewer types to apply this plan. */
  confirmationPhrase: z.string().nullable(),
  plan: EmbeddedPlanSchema.nullable(),
  observed: z.object({ pre: EmbeddedObservedSchema.nullable(), post: EmbeddedObservedSchema.nullable() }),
  lanes: z.array(LaneRecordSchema),
  timings: z.object({
    startedAt: timestamp,
    finishedAt: timestamp,
    durationMs,
    phases: z.array(PhaseTimingSchema),
  }),
  errors: z.array(RunErrorSchema),
};

/** The record as the JSON Schema describes it (structure only, no cross-field rules). */
export const AuditRecordShapeSchema = z.object(recordShape).meta({
  title: 'Lanekeeper audit record',
  description: 'What Lanekeeper observed, planned and did in one workflow run attempt.',
});

/** The record with its cross-field rules; what `audit` validates before publishing. */
export const AuditRecordSchema = AuditRecordShapeSchema.superRefine((record, ctx) => {
  if (record.plan && record.planDigest !== record.plan.digest) {
    ctx.addIssue({ code: 'custom', path: ['planDigest'], message: 'planDigest differs from plan.digest' });
  }
  if (record.plan && record.policyDigest !== record.plan.policyDigest) {
    ctx.addIssue({ code: 'custom', path: ['policyDigest'], message: 'policyDigest differs from plan.policyDigest' });
  }
  const expectedPhrase = record.planDigest ? confirmationPhrase(record.planDigest) : null;
  if (record.confirmationPhrase !== expectedPhrase) {
    ctx.addIssue({
      code: 'custom',
      path: ['confirmationPhrase'],
      message: `confirmationPhrase must be ${expectedPhrase === null ? 'null without a plan' : `"${expectedPhrase}"`}`,
    });
  }
  const seen = new Set<string>();
  record.lanes.forEach((lane, i) => {
    if (seen.has(lane.lane)) ctx.addIssue({ code: 'custom', path: ['lanes', i, 'lane'], message: `lane ${lane.lane} appears twice` });
    seen.add(lane.lane);
    if (lane.result === 'failed' && lane.failure === null) {
      ctx.addIssue({ code: 'custom', path: ['lanes', i, 'failure'], message: 'a failed lane says why and how to recover' });
    }
  });
  if (record.status === 'completed') {
    if (record.mode !== 'apply') ctx.addIssue({ code: 'custom', path: ['status'], message: 'only apply completes; a dry run is planned' });
    if (record.errors.length > 0 || record.lanes.some((l) => l.result === 'failed')) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'a record with errors or failed lanes is failed, not completed' });
    }
  }
  if (record.status === 'failed' && record.errors.length === 0 && !record.lanes.some((l) => l.result === 'failed')) {
    ctx.addIssue({ code: 'custom', path: ['status'], message: 'a failed record names an error or a failed lane' });
  }
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** JSON Schema of the record (draft 2020-12), as committed in docs/audit-record.schema.json. */
export function auditRecordJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(AuditRecordShapeSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
  return schema as Record<string, unknown>;
}

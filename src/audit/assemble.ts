/**
 * Assembling: the partial records inventory, plan and apply wrote become one audit record.
 * Reading is tolerant (a missing or unreadable partial becomes an error in the record, so a
 * failed run still gets its record); the assembled record is then redacted and validated.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Mode } from '../constants.js';
import { confirmationPhrase } from '../plan/types.js';
import { InvalidAuditRecordError } from './errors.js';
import { AuditPartialSchema, PARTIAL_SOURCES, partialFileName, type AuditPartial } from './partial.js';
import {
  AUDIT_KIND,
  AUDIT_SCHEMA_VERSION,
  AuditRecordSchema,
  type AuditRecord,
  type AuditStatus,
  type LaneRecord,
  type PhaseTiming,
  type RunContext,
  type RunError,
} from './record.js';
import { redact } from './redact.js';
import type { SecretRegistry } from './secrets.js';

export interface ReadPartialsResult {
  readonly partials: AuditPartial[];
  /** Partials that exist but could not be read or do not match the partial schema. */
  readonly errors: RunError[];
}

/**
 * Reads every job's partial below the output directory. In a workflow the audit job downloads
 * each job's artifact into its own subdirectory (one inventory and one apply per host), so the
 * directory is walked; absent files are simply not there.
 */
export async function readPartials(outputDir: string): Promise<ReadPartialsResult> {
  const partials: AuditPartial[] = [];
  const errors: RunError[] = [];
  const names = new Map(PARTIAL_SOURCES.map((source) => [partialFileName(source), source] as const));
  for (const file of await partialFiles(outputDir, new Set(names.keys()))) {
    const source = names.get(basename(file))!;
    const shown = relative(outputDir, file) || basename(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      errors.push({ phase: source, name: 'PartialUnreadable', message: `${shown}: ${(error as Error).message}` });
      continue;
    }
    const parsed = parsePartial(text);
    if (typeof parsed === 'string') errors.push({ phase: source, name: 'PartialInvalid', message: `${shown}: ${parsed}` });
    else partials.push(parsed);
  }
  const order = (phase: string) => PARTIAL_SOURCES.indexOf(phase as (typeof PARTIAL_SOURCES)[number]);
  partials.sort((a, b) => order(a.source) - order(b.source));
  errors.sort((a, b) => order(a.phase) - order(b.phase));
  return { partials, errors };
}

async function partialFiles(dir: string, names: ReadonlySet<string>): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) found.push(...(await partialFiles(path, names)));
    else if (names.has(e.name)) found.push(path);
  }
  return found;
}

function parsePartial(text: string): AuditPartial | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const result = AuditPartialSchema.safeParse(json);
  return result.success ? result.data : formatIssues(result.error.issues).join('; ');
}

export interface AssembleOptions {
  /** The run as the assembling job sees it; defaults to the first partial's. */
  readonly run?: RunContext | undefined;
  /** The mode the workflow ran in, when the assembling job knows it. */
  readonly mode?: Mode | undefined;
  readonly idempotencyKey?: string | undefined;
  /** When assembling ended; the record's finishedAt. */
  readonly now: Date;
  /** When the assembling job started; adds an `audit` phase timing. */
  readonly auditStartedAt?: Date | undefined;
  /** Errors met before assembling (unreadable partials, ...). */
  readonly errors?: readonly RunError[] | undefined;
  readonly registry?: SecretRegistry | undefined;
}

function lastDefined<T>(values: readonly (T | null | undefined)[]): T | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

const SOURCE_ORDER: Record<AuditPartial['source'], number> = { inventory: 0, plan: 1, apply: 2 };

/** Merges partials into a record candidate; no redaction, no validation. */
export function buildRecord(partialsIn: readonly AuditPartial[], options: AssembleOptions): AuditRecord {
  const partials = [...partialsIn].sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
  const bySource = (s: AuditPartial['source']) => partials.find((p) => p.source === s);
  // One apply job per host: the run failed if any of them did, completed only if all did.
  const applies = partials.filter((p) => p.source === 'apply');
  const apply = applies.find((p) => p.status === 'failed') ?? applies.find((p) => p.status !== 'completed') ?? applies[0];
  const errors: RunError[] = [...(options.errors ?? []), ...partials.flatMap((p) => p.errors)];

  const run = options.run ?? partials[0]?.run;
  if (!run) throw new InvalidAuditRecordError(['no partial records and no run context: nothing to assemble']);

  const mode: Mode = options.mode ?? lastDefined(partials.map((p) => p.mode)) ?? 'dry-run';
  const plan = lastDefined(partials.map((p) => p.plan));
  const planned = bySource('plan')?.plan;
  for (const a of applies) {
    if (a.plan && planned && a.plan.digest !== planned.digest) {
      errors.push({
        phase: 'apply',
        name: 'PlanMismatch',
        message: `apply ran plan ${a.plan.digest.slice(0, 12)} but the plan job wrote ${planned.digest.slice(0, 12)}`,
      });
    }
  }

  const lanes = new Map<string, LaneRecord>();
  // Every apply partial carries the whole plan's lanes; the one that acted on a lane wins.
  const acted = (l: LaneRecord) => (['completed', 'failed', 'skipped'].includes(l.result) ? 1 : 0);
  for (const partial of partials) {
    for (const lane of partial.lanes) {
      const seen = lanes.get(lane.lane);
      if (!seen || acted(lane) >= acted(seen)) lanes.set(lane.lane, lane);
    }
  }

  if (mode === 'apply' && !apply) {
    errors.push({ phase: 'apply', name: 'ApplyRecordMissing', message: 'apply wrote no audit partial: it did not run or did not finish' });
  }
  if (apply?.status === 'failed' && apply.errors.length === 0 && !apply.lanes.some((l) => l.result === 'failed')) {
    errors.push({ phase: 'apply', name: null, message: 'apply reported failure without details' });
  }

  const phases: PhaseTiming[] = partials.map((p) => p.timing);
  if (options.auditStartedAt) {
    phases.push({
      phase: 'audit',
      startedAt: options.auditStartedAt.toISOString(),
      finishedAt: options.now.toISOString(),
      durationMs: Math.max(0, options.now.getTime() - options.auditStartedAt.getTime()),
    });
  }
  const startMs = Math.min(options.now.getTime(), ...phases.map((p) => Date.parse(p.startedAt)));

  const laneList = [...lanes.values()];
  const status = deriveStatus(mode === 'apply' ? (apply?.status ?? null) : null, errors, laneList);
  const planDigest = plan?.digest ?? null;

  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    kind: AUDIT_KIND,
    status,
    run,
    idempotencyKey: options.idempotencyKey ?? lastDefined(partials.map((p) => p.idempotencyKey)),
    mode,
    policyDigest: plan?.policyDigest ?? lastDefined(partials.map((p) => p.policyDigest)),
    planDigest,
    confirmationPhrase: planDigest ? confirmationPhrase(planDigest) : null,
    plan,
    observed: {
      pre: bySource('plan')?.observed.pre ?? bySource('inventory')?.observed.pre ?? lastDefined(partials.map((p) => p.observed.pre)),
      post: apply?.observed.post ?? lastDefined(partials.map((p) => p.observed.post)),
    },
    lanes: laneList,
    timings: {
      startedAt: new Date(startMs).toISOString(),
      finishedAt: options.now.toISOString(),
      durationMs: Math.max(0, options.now.getTime() - startMs),
      phases,
    },
    errors,
  };
}

function deriveStatus(applyStatus: AuditStatus | null, errors: readonly RunError[], lanes: readonly LaneRecord[]): AuditStatus {
  if (errors.length > 0 || lanes.some((l) => l.result === 'failed')) return 'failed';
  return applyStatus === 'completed' ? 'completed' : 'planned';
}

/** Validates a record; throws `InvalidAuditRecordError` listing every problem. */
export function validateRecord(candidate: unknown): AuditRecord {
  const result = AuditRecordSchema.safeParse(candidate);
  if (!result.success) throw new InvalidAuditRecordError(formatIssues(result.error.issues));
  return result.data;
}

/** Merges, redacts and validates: the record as it may be published. */
export function assembleRecord(partials: readonly AuditPartial[], options: AssembleOptions): AuditRecord {
  return validateRecord(redact(buildRecord(partials, options), options.registry));
}

function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(record)'}: ${i.message}`);
}

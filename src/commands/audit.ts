/**
 * `audit`: assembles the partial records inventory, plan and apply left in the output directory,
 * redacts and validates the record, writes it, uploads it (in GitHub Actions) and summarises it.
 * Runs on failure too: a failed apply still yields its `failed` record.
 */
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { AuditFiles, DEFAULT_OUTPUT_DIR, Inputs, Modes, Outputs, type Mode } from '../constants.js';
import { assembleRecord, readPartials } from '../audit/assemble.js';
import { auditArtifactName, callIdFrom, inGitHubActions, publish, type ArtifactUploader, type UploadedArtifact } from '../audit/publish.js';
import type { AuditRecord, RunError } from '../audit/record.js';
import { runContextFromEnv } from '../audit/run-context.js';
import { SecretRegistry } from '../audit/secrets.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { CommandIO } from './io.js';

export interface AuditDeps {
  readonly clock?: Clock | undefined;
  /** Secrets registered while this process ran; the audit job adds its own token to it. */
  readonly registry?: SecretRegistry | undefined;
  /** The artifact client used in GitHub Actions; defaults to @actions/artifact's. */
  readonly createUploader?: (() => ArtifactUploader | Promise<ArtifactUploader>) | undefined;
}

export interface AuditCommandResult {
  readonly record: AuditRecord;
  readonly recordPath: string;
  readonly artifact: UploadedArtifact | null;
}

function defaultUploader(): ArtifactUploader {
  return new DefaultArtifactClient();
}

function parseRetentionDays(io: CommandIO, errors: RunError[]): number | undefined {
  const text = io.input(Inputs.RetentionDays);
  if (text === '') return undefined;
  const days = Number(text);
  if (Number.isInteger(days) && days >= 1 && days <= 400) return days;
  errors.push({ phase: 'audit', name: 'InputError', message: `${Inputs.RetentionDays} must be a whole number of days from 1 to 400, got "${text}"` });
  return undefined;
}

function parseMode(io: CommandIO, errors: RunError[]): Mode | undefined {
  const text = io.input(Inputs.Mode);
  if (text === '') return undefined;
  if ((Modes as readonly string[]).includes(text)) return text as Mode;
  errors.push({ phase: 'audit', name: 'InputError', message: `${Inputs.Mode} must be one of ${Modes.join(', ')}, got "${text}"` });
  return undefined;
}

export async function runAudit(io: CommandIO, deps: AuditDeps = {}): Promise<AuditCommandResult> {
  const clock = deps.clock ?? systemClock;
  const startedAt = clock.now();
  const registry = deps.registry ?? new SecretRegistry();
  for (const value of [io.input(Inputs.Token), io.env('GITHUB_TOKEN'), io.env('ACTIONS_RUNTIME_TOKEN')]) {
    if (value) registry.register(value);
  }

  const outputDir = io.input(Inputs.OutputDir) || DEFAULT_OUTPUT_DIR;
  const errors: RunError[] = [];
  const mode = parseMode(io, errors);
  const retentionDays = parseRetentionDays(io, errors);
  const { partials, errors: readErrors } = await readPartials(outputDir);
  errors.push(...readErrors);
  if (partials.length === 0 && readErrors.length === 0) {
    errors.push({
      phase: 'audit',
      name: 'NoPartialRecords',
      message: `no partial audit records in ${outputDir}: inventory, plan and apply did not run in this job's workspace or used another ${Inputs.OutputDir}`,
    });
  }

  // In Actions the audit job names the run; elsewhere the jobs that wrote partials did.
  const envRun = runContextFromEnv((name) => io.env(name));
  const record = assembleRecord(partials, {
    run: io.env('GITHUB_RUN_ID') ? envRun : (partials[0]?.run ?? envRun),
    mode,
    idempotencyKey: io.input(Inputs.IdempotencyKey) || undefined,
    now: clock.now(),
    auditStartedAt: startedAt,
    errors,
    registry,
  });

  const uploader = inGitHubActions(io) ? await (deps.createUploader ?? defaultUploader)() : null;
  const published = await publish(record, {
    io,
    recordPath: join(outputDir, AuditFiles.Record),
    uploader,
    retentionDays,
    registry,
    callId: callIdFrom(io),
  });

  io.output(Outputs.AuditPath, published.recordPath);
  io.output(Outputs.ArtifactName, published.artifact?.name ?? auditArtifactName(record.run, callIdFrom(io)));
  io.output(Outputs.ArtifactId, published.artifact?.id === null || !published.artifact ? '' : String(published.artifact.id));
  io.output(Outputs.Status, record.status);
  io.output(Outputs.Result, record.status);
  return { record, recordPath: published.recordPath, artifact: published.artifact };
}

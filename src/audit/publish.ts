/**
 * Publishing a validated record: the JSON file, the workflow artifact (in GitHub Actions) and
 * the summary (job summary in Actions, plain text in the terminal). The record is redacted once
 * more on its way to text; nothing here writes it any other way.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { CommandIO } from '../commands/io.js';
import type { AuditRecord, RunContext } from './record.js';
import { redact, redactedJson } from './redact.js';
import { renderAuditMarkdown, renderAuditPlain } from './render.js';
import type { SecretRegistry } from './secrets.js';

/** The part of @actions/artifact's `ArtifactClient` publishing uses (`DefaultArtifactClient` fits). */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number },
  ): Promise<{ id?: number | undefined; size?: number | undefined }>;
}

/**
 * `lanekeeper-audit-<run>-<attempt>`, plus `-<call>` when the reusable workflow passes its
 * per-call id (a caller may invoke it twice in one run; artifact names are per run).
 */
export function auditArtifactName(run: RunContext, callId?: string): string {
  return `lanekeeper-audit-${run.runId}-${run.runAttempt}${callId ? `-${callId}` : ''}`;
}

/** Set by the reusable workflow: an id unique to one call of it within a run. */
export const CALL_ID_ENV = 'LANEKEEPER_CALL_ID';
const CALL_ID_PATTERN = /^[a-z0-9]{1,16}$/;

/** The per-call id from the environment; anything but a short lower-case word is ignored. */
export function callIdFrom(io: Pick<CommandIO, 'env'>): string | undefined {
  const id = io.env(CALL_ID_ENV);
  return id && CALL_ID_PATTERN.test(id) ? id : undefined;
}

/** The environment variable the Actions runner sets for artifact uploads; absent outside Actions. */
export const ACTIONS_RUNTIME_TOKEN_ENV = 'ACTIONS_RUNTIME_TOKEN';

export function inGitHubActions(io: Pick<CommandIO, 'env'>): boolean {
  return Boolean(io.env(ACTIONS_RUNTIME_TOKEN_ENV));
}

export async function writeRecordFile(path: string, record: AuditRecord, registry?: SecretRegistry): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, redactedJson(record, registry));
}

export interface UploadedArtifact {
  readonly name: string;
  readonly id: number | null;
}

export async function uploadRecordFile(
  uploader: ArtifactUploader,
  recordPath: string,
  run: RunContext,
  retentionDays?: number,
  callId?: string,
): Promise<UploadedArtifact> {
  const name = auditArtifactName(run, callId);
  const options = retentionDays === undefined ? {} : { retentionDays };
  const result = await uploader.uploadArtifact(name, [recordPath], dirname(recordPath), options);
  return { name, id: result.id ?? null };
}

export interface PublishOptions {
  readonly io: CommandIO;
  readonly recordPath: string;
  /** Given in GitHub Actions; `null` outside it (the record then stays a local file). */
  readonly uploader: ArtifactUploader | null;
  readonly retentionDays?: number | undefined;
  readonly registry?: SecretRegistry | undefined;
  readonly callId?: string | undefined;
}

export interface PublishResult {
  readonly recordPath: string;
  readonly artifact: UploadedArtifact | null;
  /** Why the upload did not happen, when it was attempted and failed. */
  readonly uploadError: string | null;
}

export async function publish(recordIn: AuditRecord, options: PublishOptions): Promise<PublishResult> {
  const record = redact(recordIn, options.registry);
  const { io, recordPath } = options;
  await writeRecordFile(recordPath, record, options.registry);
  io.info(`Audit record written to ${recordPath}`);

  let artifact: UploadedArtifact | null = null;
  let uploadError: string | null = null;
  if (options.uploader) {
    try {
      artifact = await uploadRecordFile(options.uploader, recordPath, record.run, options.retentionDays, options.callId);
      io.info(`Audit record uploaded as artifact ${artifact.name} (id ${artifact.id ?? 'unknown'})`);
    } catch (error) {
      uploadError = error instanceof Error ? error.message : String(error);
      io.warning(`The audit record could not be uploaded as ${auditArtifactName(record.run, options.callId)}: ${uploadError}. It is still at ${basename(recordPath)} in the output directory.`);
    }
  }

  await io.summary(renderAuditMarkdown(record), renderAuditPlain(record, recordPath));
  return { recordPath, artifact, uploadError };
}

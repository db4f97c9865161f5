/**
 * The audit package's public face: the record and its schema, the recorder jobs feed, assembly,
 * redaction and publishing. Everything else in src/audit/ is detail.
 */
export {
  AUDIT_KIND,
  AUDIT_SCHEMA_VERSION,
  AuditRecordSchema,
  auditRecordJsonSchema,
  type AuditRecord,
  type AuditStatus,
  type GateRecord,
  type GitHubEvidence,
  type HelperEvidence,
  type LaneFailure,
  type LaneRecord,
  type LaneResult,
  type RunContext,
  type RunError,
  type StepRecord,
} from './record.js';
export { AuditRecorder, type AuditRecorderOptions, type StepOutcome } from './recorder.js';
export { type AuditPartial, type PartialSource, partialFileName } from './partial.js';
export { assembleRecord, buildRecord, readPartials, validateRecord, type AssembleOptions } from './assemble.js';
export { InvalidAuditRecordError } from './errors.js';
export { REDACTED, redact, redactedJson } from './redact.js';
export { SecretRegistry, registeringSecrets } from './secrets.js';
export { auditArtifactName, inGitHubActions, publish, type ArtifactUploader, type PublishOptions, type PublishResult } from './publish.js';
export { renderAuditMarkdown, renderAuditPlain } from './render.js';
export { runContextFromEnv } from './run-context.js';

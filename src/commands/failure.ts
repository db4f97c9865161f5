import { PolicyError } from '../policy/errors.js';
import { InputError, InputFileError } from './errors.js';

export interface FailureReport {
  readonly message: string;
  readonly exitCode: number;
  readonly annotation?: { file: string; line?: number } | undefined;
  readonly internal: boolean;
}

/** Exit codes per error class, for the CLI; the action only uses the message and annotation. */
export const ExitCodes = {
  ok: 0,
  internal: 1,
  usage: 2,
  policy: 3,
  refused: 4,
  failed: 5,
} as const;

const REFUSALS = new Set(['ConfirmationError', 'StalePlanError', 'IdempotencyError', 'LeaseError', 'PlanIntegrityError', 'ApprovalGateError']);

/** Typed failures whose message carries the fix; anything else is a bug. */
const EXPECTED_FAILURES = new Set(['AppInstallationError', 'ApplyFailedError', 'GitHubApiError', 'HelperError', 'HostConfigError', 'InvalidAuditRecordError', 'LeaseError']);

export function describeFailure(error: unknown): FailureReport {
  if (error instanceof PolicyError) {
    const line = error.problems.find((p) => p.line)?.line;
    return { message: error.message, exitCode: ExitCodes.policy, annotation: { file: error.file, ...(line ? { line } : {}) }, internal: false };
  }
  if (error instanceof InputError || error instanceof InputFileError) {
    return { message: error.message, exitCode: ExitCodes.usage, internal: false };
  }
  if (error instanceof Error && REFUSALS.has(error.name)) {
    return { message: error.message, exitCode: ExitCodes.refused, internal: false };
  }
  if (error instanceof Error && EXPECTED_FAILURES.has(error.name)) {
    // A typed, expected failure (GitHubApiError, HelperError, ApplyFailedError ...): its message carries the fix.
    return { message: `${error.name}: ${error.message}`, exitCode: ExitCodes.failed, internal: false };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `internal error: ${detail}\nThis is a bug in Lanekeeper; please report it with the output above.`, exitCode: ExitCodes.internal, internal: true };
}

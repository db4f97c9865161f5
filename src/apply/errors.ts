/** Apply refused: the confirmation phrase is not the one bound to the reviewed plan. */
export class ConfirmationError extends Error {
  override readonly name = 'ConfirmationError';
  constructor(
    readonly expected: string,
    readonly received: string,
  ) {
    super(
      received
        ? `the confirmation "${received}" does not match this plan; type exactly "${expected}" (shown in the dry-run summary) to apply it`
        : `no confirmation given; to apply this plan, pass the confirmation "${expected}" (shown in the dry-run summary)`,
    );
  }
}

/** Apply refused: no idempotency key, so a retried run could not be recognised. */
export class IdempotencyError extends Error {
  override readonly name = 'IdempotencyError';
  constructor(message: string) {
    super(message);
  }
}

/** Apply refused: what the host and GitHub look like now is not what the reviewed plan was built from. */
export class StalePlanError extends Error {
  override readonly name = 'StalePlanError';
  constructor(
    readonly reviewedDigest: string,
    readonly currentDigest: string,
    readonly changes: readonly string[],
  ) {
    super(
      `the reviewed plan is stale: it was built from other facts than those observed now.\n` +
        `  reviewed plan: ${reviewedDigest}\n  current plan:  ${currentDigest}\n` +
        `  what changed:\n${changes.map((c) => `    - ${c}`).join('\n')}\n` +
        `Run the workflow in dry-run again, review the new plan and confirm its phrase.`,
    );
  }
}

/** The reviewed plan file does not hash to its own digest: edited or truncated. */
export class PlanIntegrityError extends Error {
  override readonly name = 'PlanIntegrityError';
  constructor(file: string, expected: string, actual: string) {
    super(`${file} does not match its digest (says ${expected.slice(0, 12)}, content hashes to ${actual.slice(0, 12)}); use the plan file from the dry-run as it was uploaded`);
  }
}

/** The lane lease could not be taken or was lost (another apply holds it, or it expired). */
export class LeaseError extends Error {
  override readonly name = 'LeaseError';
  constructor(
    readonly lane: string,
    message: string,
  ) {
    super(message);
  }
}

/** One or more lanes ended `failed`; everything was recorded before this is thrown. */
export class ApplyFailedError extends Error {
  override readonly name = 'ApplyFailedError';
  constructor(readonly failures: readonly { lane: string; message: string; recovery: string }[]) {
    super(
      `${failures.length} lane${failures.length === 1 ? '' : 's'} failed:\n` +
        failures.map((f) => `  - ${f.lane}: ${f.message}\n    recovery: ${f.recovery}`).join('\n'),
    );
  }
}

/** The assembled audit record does not satisfy its schema: a bug upstream, nothing was published. */
export class InvalidAuditRecordError extends Error {
  override readonly name = 'InvalidAuditRecordError';
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(
      `The audit record is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${issues.join('; ')}. ` +
        'This is a bug in Lanekeeper; please report it with the partial records from the output directory.',
    );
    this.issues = issues;
  }
}

/** One thing wrong with a policy: where (YAML path, line), what, and how to fix it. */
import type { BlockerCode } from '../plan/types.js';

export interface PolicyProblem {
  readonly path: string;
  /** Set for cross-field problems of one lane: the planner blocks that lane with `code`. */
  readonly lane?: string | undefined;
  readonly code?: BlockerCode | undefined;
  readonly message: string;
  readonly fix: string;
  readonly line?: number | undefined;
}

export function formatProblem(p: PolicyProblem): string {
  return `${p.path}: ${p.message}${p.fix ? ` (fix: ${p.fix})` : ''}`;
}

/** The policy cannot be used at all: unreadable, not YAML, or not of the policy's shape. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly file: string,
    readonly problems: readonly PolicyProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the policy:\n` +
        problems.map((p) => `  - ${p.line ? `line ${p.line}: ` : ''}${formatProblem(p)}`).join('\n'),
    );
  }
}

import { confirmationPhrase } from '../plan/types.js';
import { ConfirmationError, IdempotencyError } from './errors.js';

/** The confirmation must be exactly `apply <first 12 hex of the reviewed plan digest>`. */
export function checkConfirmation(planDigest: string, confirmation: string): void {
  const expected = confirmationPhrase(planDigest);
  if (confirmation !== expected) throw new ConfirmationError(expected, confirmation);
}

/** The given key, or `<run id>-<attempt>` inside Actions; nothing else is accepted. */
export function resolveIdempotencyKey(input: string, env: (name: string) => string | undefined): string {
  const key = input.trim();
  if (key) {
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(key)) {
      throw new IdempotencyError(`idempotency key "${key}" may only hold A-Z, a-z, 0-9, ".", "_", ":" and "-" (1-128 characters)`);
    }
    return key;
  }
  const run = env('GITHUB_RUN_ID');
  const attempt = env('GITHUB_RUN_ATTEMPT');
  if (run && attempt) return `${run}-${attempt}`;
  throw new IdempotencyError('no idempotency key: pass --idempotency-key KEY (in Actions it defaults to the run id and attempt)');
}

import type { HelperErrorCode } from '../host/helper-protocol.js';

/** An expected refusal: becomes `{ ok: false, error: { code, message, fix } }` and its exit code. */
export class HelperFailure extends Error {
  override readonly name = 'HelperFailure';
  constructor(
    readonly code: HelperErrorCode,
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

import { inspect } from 'node:util';

const REDACTED = '***';

/**
 * A value GitHub handed us that must never be printed, logged or serialised by accident.
 * `String(secret)`, `JSON.stringify(secret)` and `util.inspect(secret)` all give `***`;
 * the only way to the value is an explicit `reveal()`, which is easy to grep for.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}

/** A short-lived token with its expiry, as GitHub returns registration and remove tokens. */
export interface ExpiringToken {
  readonly token: Secret;
  readonly expiresAt: string;
}

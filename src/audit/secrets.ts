import type { CommandIO } from '../commands/io.js';
import { Secret } from '../util/secret.js';

/**
 * Values that must never reach an audit record. The IO layer feeds it: every value a command
 * masks with `io.setSecret` is registered here too (see `registeringSecrets`).
 *
 * Values shorter than `MIN_SECRET_LENGTH` are not scrubbed from records: masking `true` or a
 * lane name everywhere would destroy the record, and no credential GitHub issues is that short.
 */
export const MIN_SECRET_LENGTH = 6;

export class SecretRegistry {
  readonly #values = new Set<string>();

  register(value: string | Secret): void {
    const text = value instanceof Secret ? value.reveal() : value;
    if (text.length < MIN_SECRET_LENGTH) return;
    this.#values.add(text);
    // The same value as it appears inside URLs and form bodies.
    const encoded = encodeURIComponent(text);
    if (encoded !== text) this.#values.add(encoded);
  }

  /** Longest first, so a secret that contains another is scrubbed whole. */
  values(): readonly string[] {
    return [...this.#values].sort((a, b) => b.length - a.length);
  }
}

/** A CommandIO whose `setSecret` also registers the value for audit redaction. */
export function registeringSecrets(io: CommandIO, registry: SecretRegistry): CommandIO {
  return {
    input: (name) => io.input(name),
    output: (name, value) => io.output(name, value),
    info: (message) => io.info(message),
    warning: (message, where) => io.warning(message, where),
    error: (message, where) => io.error(message, where),
    group: (title, body) => io.group(title, body),
    summary: (markdown, plain) => io.summary(markdown, plain),
    env: (name) => io.env(name),
    setSecret(value: string): void {
      registry.register(value);
      io.setSecret(value);
    },
  };
}

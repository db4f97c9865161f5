/**
 * Redaction, the last line of defence: tokens never enter audit records in the first place, and
 * this pass makes sure that a mistake somewhere upstream still does not publish one. It runs over
 * the whole record (keys and values, at any depth) before anything is written or uploaded.
 *
 * Three nets, each catching what the others may miss:
 * - by key: values under credential-like keys (`token`, `jitConfig`, `authorization`, ...);
 * - by shape: GitHub token formats, runner registration/remove tokens, JWTs and base64 JSON
 *   (JIT configs), `Authorization:` headers and bearer credentials inside longer strings;
 * - by value: every secret registered with the `SecretRegistry`.
 * Digests (lowercase hex), UUIDs, timestamps and ordinary words match none of them.
 */
import { Secret } from '../util/secret.js';
import type { SecretRegistry } from './secrets.js';

export const REDACTED = '***';

/** Keys whose string values are credentials, compared without case, `-` and `_`. */
const CREDENTIAL_KEYS = new Set([
  'token',
  'accesstoken',
  'authtoken',
  'registrationtoken',
  'removetoken',
  'runtimetoken',
  'githubtoken',
  'encodedjitconfig',
  'jitconfig',
  'authorization',
  'password',
  'secret',
  'clientsecret',
  'credentials',
  'privatekey',
]);

type Replacer = (match: string, ...groups: string[]) => string;

const TOKEN_SHAPES: readonly (readonly [RegExp, Replacer])[] = [
  // `Authorization: <anything up to the end of the line or a quote>`
  [/(authorization\s*[:=]\s*)[^\r\n"']+/gi, (_m, prefix) => `${prefix}${REDACTED}`],
  // `Bearer <credential>` / `Basic <credential>` as in HTTP headers; a plain word after the
  // scheme name ("basic configuration") is prose, not a credential.
  [/\b(bearer|basic)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi, (m, scheme, space, credential) => (/^[A-Za-z][a-z]*$/.test(credential!) ? m : `${scheme}${space}${REDACTED}`)],
  // GitHub tokens, classic and fine-grained, wherever they start
  [/gh[pousr]_[A-Za-z0-9_]{20,}/g, () => REDACTED],
  [/github_pat_[A-Za-z0-9_]{20,}/g, () => REDACTED],
  // Runner registration and remove tokens: a run of 26 or more upper-case letters and digits
  // starting with A. Digests are lower-case hex and never match.
  [/(?<![A-Z0-9])A[A-Z0-9]{25,}(?![A-Z0-9])/g, () => REDACTED],
  // JWTs and base64-encoded JSON objects (JIT configs, runtime tokens): `{"` encodes as ey[IJKL].
  // Not inside a word, so camelCase names such as `keyIdentifier…` stay.
  [/(?<![A-Za-z0-9])ey[IJKL][A-Za-z0-9_+/=.-]{16,}/g, () => REDACTED],
];

export function redactString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [shape, replace] of TOKEN_SHAPES) out = out.replace(shape, replace as (m: string, ...rest: unknown[]) => string);
  return out;
}

function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** Scrubs every string leaf under a credential key, keeping the structure. */
function scrubAll(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return REDACTED;
  if (Array.isArray(value)) return value.map((v) => scrubAll(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const safeKey = uniqueKey(out, redactString(k, secrets));
      Object.defineProperty(out, safeKey, { value: scrubAll(v, secrets), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/**
 * A deep copy of `value` with every credential replaced by `***`. Plain data only: class
 * instances serialise through `toJSON` first (a `Secret` becomes `***`).
 */
export function redact<T>(value: T, registry?: SecretRegistry): T {
  const secrets = registry?.values() ?? [];
  return walk(value, secrets) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (value instanceof Secret) return REDACTED;
  if (typeof value === 'string') return redactString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets));
  if (value !== null && typeof value === 'object') {
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(value), secrets);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const safeKey = uniqueKey(out, redactString(key, secrets));
      // defineProperty: a `__proto__` key from parsed JSON stays a plain member.
      Object.defineProperty(out, safeKey, {
        value: isCredentialKey(key) ? scrubAll(v, secrets) : walk(v, secrets),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** Two keys that redact to the same text must not overwrite each other. */
function uniqueKey(target: Record<string, unknown>, key: string): string {
  if (!Object.hasOwn(target, key)) return key;
  let n = 2;
  while (Object.hasOwn(target, `${key}#${n}`)) n++;
  return `${key}#${n}`;
}

/** `JSON.stringify` of the redacted value: the only way records become text. */
export function redactedJson(value: unknown, registry?: SecretRegistry, indent = 2): string {
  return `${JSON.stringify(redact(value, registry), null, indent)}\n`;
}

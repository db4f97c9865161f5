import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by code unit, no insignificant white space, `undefined`
 * members dropped (and `undefined` array items written as null). Two structurally equal values
 * always give the same text, whatever their key order.
 *
 * The common case copies the tree with sorted keys and lets the native JSON.stringify write it.
 * JavaScript enumerates integer-like keys first whatever their insertion order, so a tree that
 * has any is written by the slower one-pass writer instead.
 */
export function canonicalJson(value: unknown): string {
  const state = { integerKeys: false };
  const copy = sortedCopy(value, state);
  if (!state.integerKeys) return JSON.stringify(copy) ?? 'null';
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

const INTEGER_KEY = /^(0|[1-9]\d*)$/;

function viaToJson(value: object): { json: unknown } | null {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return null;
  // Class instances (Secret, Date) serialise through their own toJSON.
  const json = (value as { toJSON?: () => unknown }).toJSON;
  return typeof json === 'function' ? { json: json.call(value) } : null;
}

function sortedCopy(value: unknown, state: { integerKeys: boolean }): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortedCopy(v, state)));
  const converted = viaToJson(value);
  if (converted) return sortedCopy(converted.json, state);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    if (INTEGER_KEY.test(key)) state.integerKeys = true;
    if (key === '__proto__') Object.defineProperty(out, key, { value: sortedCopy(v, state), enumerable: true, writable: true, configurable: true });
    else out[key] = sortedCopy(v, state);
  }
  return out;
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  if (typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(',');
      write(v, out);
    });
    out.push(']');
    return;
  }
  const converted = viaToJson(value);
  if (converted) {
    write(converted.json, out);
    return;
  }
  const record = value as Record<string, unknown>;
  out.push('{');
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(v, out);
  }
  out.push('}');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no insignificant white space, `undefined` members dropped.
 * Two structurally equal values always give the same text, whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      // Class instances (Secret, Date) serialise through their own toJSON.
      const json = (value as { toJSON?: () => unknown }).toJSON;
      return typeof json === 'function' ? sortKeys(json.call(value)) : sortKeys({ ...value });
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

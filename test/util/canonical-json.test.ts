import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/util/canonical-json.js';
import { Secret } from '../../src/util/secret.js';

/** The same value with every object's keys inserted in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    const o = {};
    for (const k of Object.keys(value).reverse()) {
      Object.defineProperty(o, k, { value: reversedKeys((value as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }
  return value;
}

describe('canonicalJson', () => {
  it('is JSON that means the same value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(reversedKeys(v))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys by code unit, integer-like keys included (JSON.stringify would put those first)', () => {
    expect(canonicalJson({ b: 1, 10: 'x', a: { d: [1, undefined], c: 'x' }, 2: 'y', u: undefined })).toBe('{"10":"x","2":"y","a":{"c":"x","d":[1,null]},"b":1}');
  });

  it('writes class instances through toJSON', () => {
    expect(canonicalJson({ t: new Secret('value') })).toBe('{"t":"***"}');
    expect(canonicalJson({ d: new Date('2026-01-01T00:00:00Z') })).toBe('{"d":"2026-01-01T00:00:00.000Z"}');
  });
});

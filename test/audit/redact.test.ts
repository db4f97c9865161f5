import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactedJson } from '../../src/audit/redact.js';
import { SecretRegistry } from '../../src/audit/secrets.js';
import { Secret } from '../../src/util/secret.js';
import { recordOf } from './support/records.js';

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const upperAlnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function charsOf(alphabet: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
}

/** A secret as it may show up: its value and whether it is registered with the registry. */
interface SecretSpec {
  readonly value: string;
  /** How it appears in the record; contains `value`. */
  readonly text: string;
  readonly registered: boolean;
}

const gitHubToken = fc
  .tuple(fc.constantFrom('p', 'o', 'u', 's', 'r'), charsOf(alnum, 36, 40))
  .map(([k, rest]) => `gh${k}_${rest}`);
const fineGrainedToken = charsOf(`${alnum}_`, 22, 82).map((rest) => `github_pat_${rest}`);
const runnerToken = charsOf(upperAlnum, 28, 28).map((rest) => `A${rest}`);
const jitConfig = fc
  .record({ runner: fc.string(), credentials: charsOf(alnum, 20, 40) })
  .map((o) => Buffer.from(JSON.stringify({ '.runner': Buffer.from(JSON.stringify(o)).toString('base64') })).toString('base64'));
const registeredValue = charsOf(`${alnum}_-`, 12, 40);

/** Text around unregistered secrets: words and punctuation, as in log lines and error messages. */
const prose = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz :;,.()[]{}"\'=/\n'), maxLength: 30 });

const shapedSecret: fc.Arbitrary<SecretSpec> = fc.oneof(
  fc.tuple(fc.oneof(gitHubToken, fineGrainedToken, runnerToken), prose, prose).map(([value, pre, post]) => ({ value, text: `${pre}${value}${post}`, registered: false })),
  // base64 blobs are recognised where a value starts, not in the middle of a word
  fc.tuple(jitConfig, prose, fc.constantFrom(' ', '=', ':', '"', '\n'), prose).map(([value, pre, sep, post]) => ({ value, text: `${pre}${sep}${value}${post}`, registered: false })),
);

const headerSecret: fc.Arbitrary<SecretSpec> = fc
  .tuple(charsOf(alnum, 16, 40), fc.constantFrom('Authorization: Bearer ', 'authorization: token ', 'Authorization:Basic '), prose)
  .map(([value, header, pre]) => ({ value, text: `${pre}${header}${value}\nnext line`, registered: false }));

/** Registered secrets may sit anywhere, inside any text. */
const registeredSecret: fc.Arbitrary<SecretSpec> = fc
  .tuple(registeredValue, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
  .map(([value, pre, post]) => ({ value, text: `${pre}${value}${post}`, registered: true }));

const anySecret = fc.oneof(shapedSecret, headerSecret, registeredSecret);

/** Values under credential keys: any text at all, scrubbed by the key alone. */
const credentialKey = fc.constantFrom('token', 'encoded_jit_config', 'jitConfig', 'Authorization', 'password', 'secret', 'credentials', 'registration-token');

type Tree = { kind: 'leaf'; value: unknown } | { kind: 'secret'; spec: SecretSpec } | { kind: 'array'; items: Tree[] } | { kind: 'object'; entries: [Tree | string, Tree][] };

const trees = fc.letrec<{ tree: Tree; key: Tree | string; credential: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)).map((value) => ({ kind: 'leaf' as const, value })),
    anySecret.map((spec) => ({ kind: 'secret' as const, spec })),
    fc.array(tie('tree'), { maxLength: 4 }).map((items) => ({ kind: 'array' as const, items: items as Tree[] })),
    fc
      .array(fc.oneof(fc.tuple(tie('key'), tie('tree')), tie('credential')), { maxLength: 4 })
      .map((entries) => ({ kind: 'object' as const, entries: entries.map((e) => (Array.isArray(e) ? e : ((e as unknown as { entry: [string, Tree] }).entry))) as [Tree | string, Tree][] })),
  ),
  key: fc.oneof(fc.string({ maxLength: 10 }), anySecret.map((spec) => ({ kind: 'secret' as const, spec }))),
  credential: fc
    .tuple(credentialKey, fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 24, maxLength: 24 }))
    .map(([key, value]) => ({ kind: 'secret' as const, spec: { value, text: value, registered: false }, entry: [key, { kind: 'secret', spec: { value, text: value, registered: false } }] })) as unknown as fc.Arbitrary<Tree>,
}));

/** Builds the value and collects every secret placed in it. */
function materialise(tree: Tree, secrets: SecretSpec[]): unknown {
  switch (tree.kind) {
    case 'leaf':
      return tree.value;
    case 'secret':
      secrets.push(tree.spec);
      return tree.spec.text;
    case 'array':
      return tree.items.map((t) => materialise(t, secrets));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of tree.entries) {
        const k = typeof key === 'string' ? key : String(materialise(key, secrets));
        Object.defineProperty(out, k, { value: materialise(value, secrets), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

describe('redaction', () => {
  it('never serialises a secret, wherever it is placed', () => {
    fc.assert(
      fc.property(trees.tree, fc.array(anySecret, { maxLength: 3 }), (tree, errorSecrets) => {
        const secrets: SecretSpec[] = [];
        const record = {
          ...recordOf('failed'),
          injected: materialise(tree, secrets),
          errors: errorSecrets.map((s) => ({ phase: 'apply', name: null, message: `config.sh failed: ${s.text}` })),
        };
        secrets.push(...errorSecrets);
        const registry = new SecretRegistry();
        for (const s of secrets) if (s.registered) registry.register(s.value);
        const text = redactedJson(record, registry);
        for (const s of secrets) {
          if (text.includes(s.value)) throw new Error(`secret ${s.value} survived in ${text.slice(0, 400)}`);
        }
        expect(() => JSON.parse(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('scrubs values under credential keys, however they are spelt, and keeps numbers such as fencing tokens', () => {
    const value = redact({
      token: 'short',
      encoded_jit_config: 'eyJhbGciOi',
      jitConfig: { nested: ['a', 'b'] },
      Authorization: 'token x',
      password: 'hunter2',
      secret: 's',
      credentials: { clientId: 'abc', privateKey: 'k' },
      fencingToken: 12,
      tokenExpiresAt: '2026-01-01T01:00:00.000Z',
    });
    expect(value).toEqual({
      token: REDACTED,
      encoded_jit_config: REDACTED,
      jitConfig: { nested: [REDACTED, REDACTED] },
      Authorization: REDACTED,
      password: REDACTED,
      secret: REDACTED,
      credentials: { clientId: REDACTED, privateKey: REDACTED },
      fencingToken: 12,
      tokenExpiresAt: '2026-01-01T01:00:00.000Z',
    });
  });

  it('keeps the header name and scheme, and only those', () => {
    expect(redact('curl -H "Authorization: Bearer abc.def.ghi" https://api')).toBe('curl -H "Authorization: ***" https://api');
    expect(redact('sent Bearer 0123456789abcdef to the API')).toBe('sent Bearer *** to the API');
    expect(redact('Basic configuration is missing; the bearer mechanism failed')).toBe('Basic configuration is missing; the bearer mechanism failed');
  });

  it('scrubs Secret objects and registered values, also URL-encoded', () => {
    const registry = new SecretRegistry();
    registry.register(new Secret('s3cr3t+value/with=chars'));
    expect(redact({ a: new Secret('whatever'), b: 'x s3cr3t+value/with=chars y', c: 'q=s3cr3t%2Bvalue%2Fwith%3Dchars' }, registry)).toEqual({
      a: REDACTED,
      b: `x ${REDACTED} y`,
      c: `q=${REDACTED}`,
    });
  });

  it('ignores registered values too short to scrub without destroying the record', () => {
    const registry = new SecretRegistry();
    registry.register('true');
    expect(redact({ ok: 'true' }, registry)).toEqual({ ok: 'true' });
  });

  it('keeps keys that collide after redaction apart', () => {
    const value = redact({ ghp_aaaaaaaaaaaaaaaaaaaaaaaa: 1, ghp_bbbbbbbbbbbbbbbbbbbbbbbb: 2 }) as Record<string, number>;
    expect(Object.values(value).sort()).toEqual([1, 2]);
    expect(JSON.stringify(value)).not.toMatch(/ghp_/);
  });

  it('leaves digests, UUIDs, ISO dates, run ids and ordinary words untouched', () => {
    const registry = new SecretRegistry();
    registry.register('AQQ7VZ3LKRD2S5WKXM4H6PYBYTFCA');
    registry.register('ghs_notInThisRecord0000000000000000');
    const harmless = fc.oneof(
      fc.stringMatching(/^[0-9a-f]{64}$/),
      fc.stringMatching(/^sha256:[0-9a-f]{64}$/),
      fc.uuid(),
      fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString()),
      fc.stringMatching(/^[a-z][a-z-]{0,30}$/),
      fc.stringMatching(/^[A-Z][a-z]{0,15}( [a-z]{1,10}){0,6}\.$/),
      fc.integer({ min: 1, max: 2 ** 40 }).map(String),
      fc.constantFrom('keyIdentifier12345678abcdef', 'surveyJobsAndStuffLongerStill', 'Basic configuration', 'A1B2:3C4D:5E6F'),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z]{0,12}$/), fc.oneof(harmless, fc.array(harmless, { maxLength: 4 }))), (value) => {
        const filtered = Object.fromEntries(Object.entries(value).filter(([k]) => !['token', 'secret', 'password', 'credentials', 'authorization', 'jitConfig'].includes(k)));
        expect(redact(filtered, registry)).toEqual(filtered);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a whole audit record as it was', () => {
    for (const status of ['planned', 'completed', 'failed'] as const) {
      const record = recordOf(status);
      expect(redact(record)).toEqual(record);
    }
  });
});

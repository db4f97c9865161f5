import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../src/policy/json-schema.js';

describe('policy JSON Schema', () => {
  it('docs/lanekeeper.schema.json is the current export (run npm run schema)', () => {
    expect(JSON.parse(readFileSync('docs/lanekeeper.schema.json', 'utf8'))).toEqual(policyJsonSchema());
  });

  it('accepts the example policy and rejects an unknown field, as zod does', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(policyJsonSchema());
    const example = parse(readFileSync('examples/lanes.yml', 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, colour: 'blue' })).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../src/audit/assemble.js';
import { InvalidAuditRecordError } from '../../src/audit/errors.js';
import { AuditRecordSchema, type AuditRecord } from '../../src/audit/record.js';
import { auditRecordJsonSchemaText } from '../../src/audit/schema-export.js';
import { committedSchemaValidator } from './support/json-schema.js';
import { PLAN_DIGEST, recordOf } from './support/records.js';

const committed = readFileSync(new URL('../../docs/audit-record.schema.json', import.meta.url), 'utf8');

function issuesOf(record: unknown): string[] {
  const result = AuditRecordSchema.safeParse(record);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('audit record schema', () => {
  it('is committed as exported (run `npx tsx scripts/audit-schema.ts` after changing it)', () => {
    expect(committed).toBe(auditRecordJsonSchemaText());
  });

  it.each(['planned', 'completed', 'failed'] as const)('accepts a %s record, in zod and in the committed JSON Schema', (status) => {
    const record = recordOf(status);
    expect(record.status).toBe(status);
    expect(issuesOf(record)).toEqual([]);
    expect(committedSchemaValidator()(JSON.parse(JSON.stringify(record)))).toEqual([]);
  });

  it('lets the embedded plan and observed state grow new fields', () => {
    const record = recordOf('planned');
    const grown = {
      ...record,
      plan: { ...record.plan, futureField: { nested: true }, lanes: record.plan!.lanes.map((l) => ({ ...l, newLaneField: 1 })) },
      observed: { ...record.observed, pre: { ...record.observed.pre, newSection: [] } },
    };
    expect(issuesOf(grown)).toEqual([]);
    expect(committedSchemaValidator()(grown)).toEqual([]);
  });

  it('checks the embedded plan where the audit relies on it', () => {
    const record = recordOf('planned');
    expect(issuesOf({ ...record, plan: { ...record.plan, digest: 'not-a-digest' } }).join('\n')).toMatch(/plan\.digest/);
    expect(issuesOf({ ...record, plan: { ...record.plan, schemaVersion: 2 } }).join('\n')).toMatch(/plan\.schemaVersion/);
  });

  it('refuses records whose parts disagree', () => {
    const record = recordOf('completed');
    const other = 'f'.repeat(64);
    expect(issuesOf({ ...record, planDigest: other }).join('\n')).toMatch(/planDigest differs/);
    expect(issuesOf({ ...record, confirmationPhrase: 'apply everything' }).join('\n')).toMatch(`apply ${PLAN_DIGEST.slice(0, 12)}`);
    expect(issuesOf({ ...record, mode: 'dry-run' }).join('\n')).toMatch(/only apply completes/);
    const failedLane = { ...record.lanes[0]!, result: 'failed' as const, failure: null };
    expect(issuesOf({ ...record, lanes: [failedLane, ...record.lanes.slice(1)] }).join('\n')).toMatch(/failed lane says why/);
    expect(issuesOf({ ...record, lanes: [...record.lanes, record.lanes[0]] }).join('\n')).toMatch(/appears twice/);
    expect(issuesOf({ ...record, status: 'failed' }).join('\n')).toMatch(/names an error or a failed lane/);
  });

  it('refuses unknown statuses, results and step kinds', () => {
    const record = recordOf('failed');
    expect(issuesOf({ ...record, status: 'done' })).not.toEqual([]);
    expect(issuesOf({ ...record, lanes: [{ ...record.lanes[0], result: 'maybe' }] })).not.toEqual([]);
    const lane = record.lanes.find((l) => l.steps.length > 0)!;
    expect(issuesOf({ ...record, lanes: [{ ...lane, steps: [{ ...lane.steps[0], kind: 'rm -rf' }] }] })).not.toEqual([]);
  });

  it('throws a typed error listing every problem', () => {
    const record: AuditRecord = recordOf('planned');
    let error: unknown;
    try {
      validateRecord({ ...record, kind: 'something-else', planDigest: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAuditRecordError);
    expect((error as InvalidAuditRecordError).issues.length).toBeGreaterThanOrEqual(2);
    expect((error as Error).message).toMatch(/please report it/);
  });
});

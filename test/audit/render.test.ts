import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/record.js';
import { lanesForSummary, MAX_SUMMARY_JSON_CHARS, renderAuditMarkdown, renderAuditPlain } from '../../src/audit/render.js';
import { recordOf } from './support/records.js';

/** Compares with test/audit/golden/<name>; `UPDATE_GOLDEN=1` rewrites the file instead. */
function expectGolden(name: string, actual: string): void {
  const file = new URL(`./golden/${name}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  expect(existsSync(file), `golden file ${name} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('audit summary rendering', () => {
  for (const status of ['planned', 'completed', 'failed'] as const) {
    it(`renders a ${status} record as the job summary`, () => {
      expectGolden(`${status}.md`, renderAuditMarkdown(recordOf(status)));
    });
    it(`renders a ${status} record for the terminal`, () => {
      expectGolden(`${status}.txt`, renderAuditPlain(recordOf(status), '.lanekeeper/audit.json'));
    });
  }

  it('puts blocked lanes first, then failed ones', () => {
    expect(lanesForSummary(recordOf('failed')).map((l) => `${l.lane}:${l.result}`)).toEqual(['ci-3:blocked', 'ci-1:failed', 'ci-2:noop']);
  });

  it('ends with the confirmation phrase a reviewer types', () => {
    const record = recordOf('planned');
    expect(renderAuditMarkdown(record)).toContain(`\`apply ${record.planDigest!.slice(0, 12)}\``);
    expect(renderAuditPlain(record)).toContain(`Confirmation phrase to apply this plan: apply ${record.planDigest!.slice(0, 12)}`);
  });

  it('fences the raw JSON so backticks inside it cannot end the block', () => {
    const record = recordOf('failed');
    const markdown = renderAuditMarkdown({ ...record, errors: [{ phase: 'apply', name: null, message: 'see ```log```' }] });
    expect(markdown).toContain('````json');
  });

  it('keeps table cells in one piece', () => {
    const record = recordOf('completed');
    const lanes = record.lanes.map((l) => (l.lane === 'ci-1' ? { ...l, gates: [{ name: 'a|b\nc', ok: true, evidence: '' }] } : l));
    const row = renderAuditMarkdown({ ...record, lanes }).split('\n').find((line) => line.startsWith('| `ci-1`'))!;
    expect(row).toContain('a\\|b c');
  });

  it('leaves a record too large for the job summary to the artifact', () => {
    const record = recordOf('planned');
    const huge: AuditRecord = { ...record, observed: { ...record.observed, pre: { ...record.observed.pre!, padding: 'x'.repeat(MAX_SUMMARY_JSON_CHARS) } } };
    const markdown = renderAuditMarkdown(huge);
    expect(markdown).toContain('too large for the job summary');
    expect(markdown.length).toBeLessThan(10_000);
  });

  it('says so when there are no lanes', () => {
    const record = { ...recordOf('planned'), lanes: [] };
    expect(renderAuditMarkdown(record)).toContain('No lanes.');
    expect(renderAuditPlain(record)).toContain('No lanes.');
  });
});

/**
 * The audit summary, rendered two ways from the same record: Markdown for the job summary and
 * plain text for the terminal. Pure functions of the record; golden-tested.
 */
import type { AuditRecord, LaneRecord } from './record.js';

/** GitHub caps a job summary at 1 MiB; a larger record is left to the artifact. */
export const MAX_SUMMARY_JSON_CHARS = 512 * 1024;

const RESULT_ORDER: Record<LaneRecord['result'], number> = {
  blocked: 0,
  failed: 1,
  planned: 2,
  completed: 2,
  skipped: 2,
  noop: 2,
};

/** Blocked lanes first, then failed ones, the rest in record order. */
export function lanesForSummary(record: AuditRecord): LaneRecord[] {
  return record.lanes
    .map((lane, i) => ({ lane, i }))
    .sort((a, b) => RESULT_ORDER[a.lane.result] - RESULT_ORDER[b.lane.result] || a.i - b.i)
    .map(({ lane }) => lane);
}

function shortDigest(digest: string | null): string {
  return digest ? digest.slice(0, 12) : 'none';
}

function gatesText(lane: LaneRecord, ok: string, failed: string): string {
  if (lane.gates.length === 0) return '-';
  return lane.gates.map((g) => `${g.ok ? ok : failed} ${g.name}`).join(', ');
}

function runLine(record: AuditRecord): string {
  const { run } = record;
  const parts = [`mode ${record.mode}`, `run ${run.runId} attempt ${run.runAttempt}`];
  if (run.actor) parts.push(`actor ${run.actor}`);
  if (run.repository) parts.push(run.repository);
  return parts.join(', ');
}

function failureLines(record: AuditRecord): { lane: string; step: string | null; message: string; hint: string }[] {
  return lanesForSummary(record)
    .filter((l) => l.failure !== null)
    .map((l) => ({ lane: l.lane, step: l.failure!.step, message: l.failure!.message, hint: l.failure!.recoveryHint }));
}

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function renderAuditMarkdown(record: AuditRecord): string {
  const out: string[] = [];
  out.push(`## Lanekeeper audit: ${record.status} · plan ${code(shortDigest(record.planDigest))}`, '');
  const run = record.run.runUrl ? `[${runLine(record)}](${record.run.runUrl})` : runLine(record);
  out.push(`${run}`, '');

  const lanes = lanesForSummary(record);
  if (lanes.length === 0) {
    out.push('No lanes.', '');
  } else {
    out.push('| Lane | Shape | Action | Result | Gates |', '| --- | --- | --- | --- | --- |');
    for (const lane of lanes) {
      const cells = [code(lane.lane), lane.shape, lane.action, `**${lane.result}**`, escapeCell(gatesText(lane, '✅', '❌'))];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }

  const failures = failureLines(record);
  if (failures.length > 0) {
    out.push('### Failures', '');
    for (const f of failures) {
      out.push(`- ${code(f.lane)}${f.step ? ` at ${code(f.step)}` : ''}: ${escapeCell(f.message).replace(/\.$/, '')}. Recovery: ${escapeCell(f.hint)}`);
    }
    out.push('');
  }
  if (record.errors.length > 0) {
    out.push('### Errors', '');
    for (const e of record.errors) out.push(`- ${e.phase}${e.name ? ` (${e.name})` : ''}: ${escapeCell(e.message)}`);
    out.push('');
  }

  if (record.confirmationPhrase) {
    out.push(
      record.status === 'planned'
        ? `To apply this plan, a reviewer types the confirmation phrase ${code(record.confirmationPhrase)}.`
        : `Confirmation phrase of this plan: ${code(record.confirmationPhrase)}.`,
      '',
    );
  }

  const json = JSON.stringify(record, null, 2);
  out.push('<details><summary>Audit record (JSON)</summary>', '');
  if (json.length <= MAX_SUMMARY_JSON_CHARS) {
    const fence = '`'.repeat(Math.max(3, ...[...json.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    out.push(`${fence}json`, json, fence);
  } else {
    out.push(`The record is ${json.length} characters, too large for the job summary; it is in the uploaded artifact.`);
  }
  out.push('', '</details>', '');
  return out.join('\n');
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

export function renderAuditPlain(record: AuditRecord, recordPath?: string): string {
  const out: string[] = [];
  out.push(`Lanekeeper audit: ${record.status}, plan ${shortDigest(record.planDigest)}`);
  out.push(runLine(record) + (record.run.runUrl ? ` (${record.run.runUrl})` : ''), '');

  const lanes = lanesForSummary(record);
  if (lanes.length === 0) {
    out.push('No lanes.');
  } else {
    out.push(
      ...table([
        ['Lane', 'Shape', 'Action', 'Result', 'Gates'],
        ...lanes.map((l) => [l.lane, l.shape, l.action, l.result, gatesText(l, 'ok', 'FAILED')]),
      ]),
    );
  }

  const failures = failureLines(record);
  if (failures.length > 0) {
    out.push('', 'Failures:');
    for (const f of failures) out.push(`  ${f.lane}${f.step ? ` at ${f.step}` : ''}: ${f.message}`, `    Recovery: ${f.hint}`);
  }
  if (record.errors.length > 0) {
    out.push('', 'Errors:');
    for (const e of record.errors) out.push(`  ${e.phase}${e.name ? ` (${e.name})` : ''}: ${e.message}`);
  }
  if (record.confirmationPhrase) {
    out.push('', `${record.status === 'planned' ? 'Confirmation phrase to apply this plan' : 'Confirmation phrase of this plan'}: ${record.confirmationPhrase}`);
  }
  if (recordPath) out.push('', `Audit record: ${recordPath}`);
  return `${out.join('\n')}\n`;
}

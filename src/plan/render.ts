import type { Action, LanePlan, Plan } from './types.js';
import { confirmationPhrase } from './types.js';

/** One symbol per action, Terraform-style; `!` marks a blocked lane whatever its action. */
export const ACTION_SYMBOLS: Readonly<Record<Action | 'blocked', string>> = {
  blocked: '!',
  create: '+',
  adopt: '&',
  reconcile: '~',
  restart: '^',
  remove: '-',
  noop: '=',
};

const ACTION_WORDS: Readonly<Record<Action | 'blocked', string>> = {
  blocked: 'blocked',
  create: 'create',
  adopt: 'adopt',
  reconcile: 'reconcile',
  restart: 'restart',
  remove: 'remove',
  noop: 'no change',
};

function mark(l: LanePlan): Action | 'blocked' {
  return l.status === 'blocked' ? 'blocked' : l.action;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The closing count line, e.g. "Plan: 2 to create, 1 to remove, 3 unchanged, 1 blocked." */
export function countLine(plan: Plan): string {
  const c = plan.counts;
  if (c.lanes === 0) return 'Plan: no lanes selected.';
  if (c.changes === 0 && c.blocked === 0) return 'No changes. Every lane is as the policy says.';
  const parts: string[] = [];
  for (const a of ['create', 'adopt', 'reconcile', 'restart', 'remove'] as const) {
    if (c.byAction[a] > 0) parts.push(`${c.byAction[a]} to ${a}`);
  }
  if (c.byAction.noop > 0) parts.push(`${c.byAction.noop} unchanged`);
  if (c.blocked > 0) parts.push(`${c.blocked} blocked`);
  return `Plan: ${parts.join(', ')}.`;
}

/** Plain-text rendering for the terminal, from the same serialised plan that is audited. */
export function renderPlanText(plan: Plan): string {
  const out: string[] = [];
  const hosts = new Set(plan.lanes.map((l) => l.host)).size;
  out.push(`Lanekeeper plan: ${plan.counts.lanes} lane${plan.counts.lanes === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}, ${plan.foreign.length} foreign runner${plan.foreign.length === 1 ? '' : 's'}`);
  out.push('');
  const used = [...new Set(plan.lanes.map(mark))];
  if (used.length > 0) {
    out.push(`Symbols: ${used.map((m) => `${ACTION_SYMBOLS[m]} ${ACTION_WORDS[m]}`).join(', ')}`);
    out.push('');
    const w = {
      lane: Math.max(4, ...plan.lanes.map((l) => l.lane.length)),
      host: Math.max(4, ...plan.lanes.map((l) => l.host.length)),
      shape: Math.max(5, ...plan.lanes.map((l) => l.shape.length)),
      action: 9,
    };
    out.push(`  ${pad('LANE', w.lane)}  ${pad('HOST', w.host)}  ${pad('SHAPE', w.shape)}  ${pad('ACTION', w.action)}  REASON`);
    for (const l of plan.lanes) {
      out.push(`${ACTION_SYMBOLS[mark(l)]} ${pad(l.lane, w.lane)}  ${pad(l.host, w.host)}  ${pad(l.shape, w.shape)}  ${pad(ACTION_WORDS[mark(l)], w.action)}  ${l.reason}`);
      for (const b of l.blockers) {
        out.push(`      blocker ${b.code}${b.path ? ` at ${b.path}` : ''}: ${b.message}`);
        out.push(`        fix: ${b.fix}`);
      }
    }
  }
  if (plan.warnings?.length) {
    out.push('');
    out.push('Warnings (accepted risks):');
    for (const w of plan.warnings) out.push(`  ${w.path}: ${w.message}`);
  }
  if (plan.policyProblems.length > 0) {
    out.push('');
    out.push('Policy problems:');
    for (const p of plan.policyProblems) out.push(`  ${p.path ?? ''}: ${p.message} (fix: ${p.fix})`);
  }
  if (plan.foreign.length > 0) {
    out.push('');
    out.push('Foreign runners (no managed label: observed, never touched):');
    for (const f of plan.foreign) {
      out.push(`  ${f.scope}  #${f.id} ${f.name}  ${f.status}  [${f.labels.map((x) => x.name).join(', ')}]`);
    }
  }
  if (plan.unclaimed.length > 0) {
    out.push('');
    out.push('Unclaimed (reported, never touched):');
    for (const u of plan.unclaimed) out.push(`  ${u.host}  ${u.kind} ${u.name}: ${u.detail}`);
  }
  out.push('');
  out.push(countLine(plan));
  out.push(`Digest: sha256:${plan.digest}`);
  if (plan.counts.changes > 0) out.push(`To apply the ready lanes, confirm with: ${confirmationPhrase(plan.digest)}`);
  return out.join('\n') + '\n';
}

/**
 * A code span that holds any text: names of unclaimed directories and units come from the host,
 * so a backtick, a control character or a line break in one must not end the span and turn the
 * rest into Markdown or HTML of the job summary.
 */
export function codeSpan(s: string): string {
  const text = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown for the job summary: heading with the digest, one table row per lane, raw JSON folded. */
export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  out.push(`### Lanekeeper plan \`${plan.digest.slice(0, 12)}\``);
  out.push('');
  out.push(`**${countLine(plan)}**`);
  out.push('');
  for (const w of plan.policyProblems.filter((p) => p.code === 'approval_gate_waived')) {
    out.push(`> **Warning (${w.code}):** ${cell(w.message)}. Fix: ${cell(w.fix)}.`);
    out.push('');
  }
  if (plan.lanes.length > 0) {
    out.push('| | Lane | Host | Shape | Action | Reason |');
    out.push('|---|---|---|---|---|---|');
    for (const l of plan.lanes) {
      const reason = l.blockers.length > 0 ? l.blockers.map((b) => `**${b.code}**: ${b.message} — fix: ${b.fix}`).join('<br>') : l.reason;
      out.push(`| \`${ACTION_SYMBOLS[mark(l)]}\` | ${cell(l.lane)} | ${cell(l.host)} | ${l.shape} | ${ACTION_WORDS[mark(l)]} | ${cell(reason)} |`);
    }
    out.push('');
  }
  if (plan.warnings?.length) {
    out.push('**Warnings (accepted risks):**');
    out.push('');
    for (const w of plan.warnings) out.push(`- \`${cell(w.path)}\`: ${cell(w.message)}`);
    out.push('');
  }
  if (plan.foreign.length > 0) {
    out.push(`<details><summary>${plan.foreign.length} foreign runner(s): observed, never touched</summary>`);
    out.push('');
    out.push('| Scope | Id | Name | Status | Labels |');
    out.push('|---|---|---|---|---|');
    for (const f of plan.foreign) out.push(`| ${f.scope} | ${f.id} | ${cell(f.name)} | ${f.status} | ${cell(f.labels.map((x) => x.name).join(', '))} |`);
    out.push('');
    out.push('</details>');
    out.push('');
  }
  if (plan.unclaimed.length > 0) {
    out.push('**Unclaimed (reported, never touched):**');
    out.push('');
    for (const u of plan.unclaimed) out.push(`- ${cell(u.host)}: ${u.kind} ${codeSpan(u.name)} — ${cell(u.detail)}`);
    out.push('');
  }
  out.push(`Digest: \`sha256:${plan.digest}\``);
  out.push('');
  if (plan.counts.changes > 0) {
    out.push(`To apply the ready lanes, run the workflow with mode \`apply\` and confirmation:`);
    out.push('');
    out.push('```');
    out.push(confirmationPhrase(plan.digest));
    out.push('```');
    out.push('');
  }
  out.push('<details><summary>Plan JSON</summary>');
  out.push('');
  out.push('```json');
  out.push(JSON.stringify(plan, null, 2));
  out.push('```');
  out.push('');
  out.push('</details>');
  return out.join('\n') + '\n';
}

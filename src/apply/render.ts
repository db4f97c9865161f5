import type { Mode } from '../constants.js';
import { ACTION_SYMBOLS } from '../plan/render.js';
import { confirmationPhrase, type LanePlan, type Plan } from '../plan/types.js';
import type { LaneResult } from './types.js';

export interface ApplyView {
  readonly mode: Mode;
  readonly plan: Plan;
  readonly targets: readonly LanePlan[];
  readonly results: readonly LaneResult[];
}

function resultOf(view: ApplyView, lane: string): LaneResult | undefined {
  return view.results.find((r) => r.lane === lane);
}

function counts(view: ApplyView): string {
  if (view.mode === 'dry-run') return `Dry run: ${view.targets.length} lane(s) would change; nothing was changed.`;
  const by = (w: string) => view.results.filter((r) => r.result === w).length;
  return `Apply: ${by('completed')} completed, ${by('failed')} failed, ${by('skipped')} skipped.`;
}

export function renderApplyText(view: ApplyView): string {
  const out = [counts(view), ''];
  for (const t of view.targets) {
    const r = resultOf(view, t.lane);
    out.push(`${ACTION_SYMBOLS[t.action]} ${t.lane}  ${t.action}  ${r ? r.result.toUpperCase() : 'would run'}${r?.fencingToken ? `  (fencing token ${r.fencingToken})` : ''}`);
    if (!r) for (const s of t.steps) out.push(`    - ${s.description}`);
    for (const g of r?.gates ?? []) out.push(`    ${g.ok ? 'ok  ' : 'FAIL'} ${g.name}: ${g.evidence}`);
    if (r?.failure) out.push(`    failed at ${r.failure.step}: ${r.failure.message}`, `    recovery: ${r.failure.recovery}`);
  }
  out.push('', `Plan digest: sha256:${view.plan.digest}`);
  if (view.mode === 'dry-run' && view.targets.length > 0) out.push(`To apply, confirm with: ${confirmationPhrase(view.plan.digest)}`);
  return out.join('\n') + '\n';
}

export function renderApplyMarkdown(view: ApplyView): string {
  const out = [`### Lanekeeper ${view.mode === 'dry-run' ? 'dry run' : 'apply'} \`${view.plan.digest.slice(0, 12)}\``, '', `**${counts(view)}**`, ''];
  if (view.targets.length > 0) {
    out.push('| | Lane | Action | Result | Gates | Notes |', '|---|---|---|---|---|---|');
    for (const t of view.targets) {
      const r = resultOf(view, t.lane);
      const gates = r ? `${r.gates.filter((g) => g.ok).length}/${r.gates.length}` : '—';
      const notes = r?.failure ? `${r.failure.message} — recovery: ${r.failure.recovery}` : r ? (r.gates.filter((g) => !g.ok).map((g) => g.name).join(', ') || '') : `${t.steps.length} steps`;
      out.push(`| \`${ACTION_SYMBOLS[t.action]}\` | ${t.lane} | ${t.action} | ${r ? r.result : 'would run'} | ${gates} | ${notes.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }
  if (view.mode === 'dry-run' && view.targets.length > 0) out.push('To apply this plan, confirm with:', '', '```', confirmationPhrase(view.plan.digest), '```', '');
  return out.join('\n');
}

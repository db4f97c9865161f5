import type { ObservedState } from '../plan/observed.js';

function runnerCounts(observed: ObservedState): { scope: string; total: number; online: number; busy: number; error?: string | undefined }[] {
  return observed.github.map((s) => ({
    scope: s.scope,
    total: s.runners.length,
    online: s.runners.filter((r) => r.status === 'online').length,
    busy: s.runners.filter((r) => r.busy).length,
    error: s.error,
  }));
}

function laneLine(l: ObservedState['hosts'][string]['lanes'][string]): string {
  const unit = l.unit.fileState === 'absent' ? 'no unit' : `${l.unit.name} ${l.unit.fileState} ${l.unit.activeState}${l.unit.mainPidUser ? ` as ${l.unit.mainPidUser}` : ''}`;
  const reg = l.identity ? `registered as ${l.identity.agentName}` : l.directoryExists ? 'directory, not registered' : 'no directory';
  return `${reg}; ${unit}${l.workerRunning ? '; a job runs' : ''}`;
}

export function renderInventoryText(observed: ObservedState, path: string): string {
  const out = [`Inventory at ${observed.observedAt}`, ''];
  for (const c of runnerCounts(observed)) {
    out.push(c.error ? `  ${c.scope}: FAILED: ${c.error}` : `  ${c.scope}: ${c.total} runner(s), ${c.online} online, ${c.busy} busy`);
  }
  for (const h of Object.values(observed.hosts)) {
    out.push('', `Host ${h.host}${h.error ? `: FAILED: ${h.error}` : ''}`);
    for (const l of Object.values(h.lanes)) out.push(`  ${l.lane}: ${laneLine(l)}`);
    for (const u of h.unclaimed) out.push(`  unclaimed ${u.kind} ${u.name}: ${u.detail}`);
    for (const b of h.baseline.filter((x) => !x.ok)) out.push(`  baseline ${b.id} ${b.subject}: ${b.evidence}`);
  }
  out.push('', `Observed state written to ${path}`);
  return out.join('\n') + '\n';
}

export function renderInventoryMarkdown(observed: ObservedState): string {
  const out = ['### Lanekeeper inventory', '', '| Scope | Runners | Online | Busy | Listing |', '|---|---|---|---|---|'];
  for (const c of runnerCounts(observed)) out.push(`| ${c.scope} | ${c.total} | ${c.online} | ${c.busy} | ${c.error ? `failed: ${c.error.replace(/\|/g, '\\|')}` : 'ok'} |`);
  for (const h of Object.values(observed.hosts)) {
    out.push('', `**Host ${h.host}**${h.error ? ` — failed: ${h.error}` : ''}`, '');
    if (Object.keys(h.lanes).length > 0) {
      out.push('| Lane | State |', '|---|---|');
      for (const l of Object.values(h.lanes)) out.push(`| ${l.lane} | ${laneLine(l)} |`);
    }
  }
  return out.join('\n') + '\n';
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleRecord, readPartials } from '../../src/audit/assemble.js';
import { AuditRecorder } from '../../src/audit/recorder.js';
import { ManualClock } from '../../src/util/clock.js';
import { loadPolicyFile } from '../../src/policy/load.js';
import { buildPlan } from '../../src/plan/planner.js';
import { readObservedFile } from '../../src/commands/observed-input.js';

const example = loadPolicyFile('examples/lanes.yml');
const PLAN = buildPlan(example.policy, example.problems, readObservedFile('examples/observed.json'));

const RUN = { actor: 'octo', runUrl: '', runId: '77', runAttempt: 1, repository: 'acme/ops' };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function applyPartial(clock: ManualClock, lane: string, status: 'completed' | 'failed') {
  const r = new AuditRecorder({ source: 'apply', run: RUN, mode: 'apply', idempotencyKey: '77-1', clock });
  r.recordPlan(PLAN);
  r.laneResult(lane, status === 'failed' ? 'failed' : 'completed', status === 'failed' ? { message: 'boom', step: 'host.enable-now', recoveryHint: 'see journalctl' } : null);
  r.end(status);
  return r.toPartial();
}

describe('assembling what the workflow downloads (one subdirectory per job artifact)', () => {
  it('reads every host apply and fails the record when one host failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-audit-'));
    dirs.push(dir);
    const clock = new ManualClock('2026-11-25T10:00:00Z');
    for (const [host, lane, status] of [['build-01', 'api-new', 'completed'], ['build-02', 'org-build', 'failed']] as const) {
      mkdirSync(join(dir, `lanekeeper-apply-${host}`), { recursive: true });
      writeFileSync(join(dir, `lanekeeper-apply-${host}`, 'audit-apply.partial.json'), JSON.stringify(applyPartial(clock, lane, status)));
    }
    const { partials, errors } = await readPartials(dir);
    expect(errors).toEqual([]);
    expect(partials).toHaveLength(2);
    const record = assembleRecord(partials, { run: RUN, now: clock.now() });
    expect(record.status).toBe('failed');
    const results = Object.fromEntries(record.lanes.map((l) => [l.lane, l.result]));
    expect(results['api-new']).toBe('completed');
    expect(results['org-build']).toBe('failed');
  });

  it('a missing directory is no partials, not a crash', async () => {
    expect(await readPartials(join(tmpdir(), 'lanekeeper-no-such-dir'))).toEqual({ partials: [], errors: [] });
  });
});

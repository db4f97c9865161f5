import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditFiles } from '../../src/constants.js';
import { assembleRecord, buildRecord, readPartials } from '../../src/audit/assemble.js';
import { InvalidAuditRecordError } from '../../src/audit/errors.js';
import { AuditRecorder } from '../../src/audit/recorder.js';
import { SecretRegistry } from '../../src/audit/secrets.js';
import { driveApply, jobs, observed, PLAN_DIGEST, plan, POLICY_DIGEST, RUN } from './support/records.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lanekeeper-audit-'));
}

describe('AuditRecorder', () => {
  it('starts every planned lane as planned, blocked or noop', () => {
    const j = jobs();
    const lanes = j.plan.toPartial().lanes;
    expect(lanes.map((l) => [l.lane, l.result])).toEqual([
      ['ci-1', 'planned'],
      ['ci-2', 'noop'],
      ['ci-3', 'blocked'],
    ]);
  });

  it('times steps by the injected clock and keeps their evidence', () => {
    const j = jobs();
    driveApply(j, 'completed');
    const lane = j.apply.toPartial().lanes.find((l) => l.lane === 'ci-1')!;
    expect(lane.fencingToken).toBe(7);
    expect(lane.steps.map((s) => [s.kind, s.result, s.durationMs])).toEqual([
      ['lease.acquire', 'ok', 120],
      ['runner.configure', 'ok', 900],
      ['host.enable-now', 'ok', 1500],
    ]);
    expect(lane.steps[1]!.evidence.github[0]).toMatchObject({ status: 201, requestId: 'A1B2:3C4D:5E6F' });
    expect(lane.steps[0]!.evidence.helper[0]).toMatchObject({ verb: 'lease-acquire', exitCode: 0 });
    expect(lane.gates.map((g) => g.name)).toEqual(['unit-active', 'runner-online']);
  });

  it('refuses to record against a lane the plan does not have', () => {
    const j = jobs();
    expect(() => j.apply.laneGate('nope', { name: 'x', ok: true, evidence: '' })).toThrow(/not in the recorded plan/);
  });

  it('finishes a whole record on its own (the CLI runs every phase in one process)', () => {
    const j = jobs();
    j.apply.recordObserved('pre', observed());
    driveApply(j, 'completed');
    const record = j.apply.finish('completed');
    expect(record.status).toBe('completed');
    expect(record.planDigest).toBe(PLAN_DIGEST);
    expect(record.confirmationPhrase).toBe(`apply ${PLAN_DIGEST.slice(0, 12)}`);
  });

  it('records a step the job did not finish, and its lane, as failed', () => {
    const j = jobs();
    j.apply.laneStepStarted('ci-1', { kind: 'lease.acquire', description: 'take the lease' });
    j.clock.advance(40);
    j.apply.end('failed');
    const lane = j.apply.toPartial().lanes.find((l) => l.lane === 'ci-1')!;
    expect(lane.steps[0]).toMatchObject({ result: 'failed', durationMs: 40, error: expect.stringMatching(/did not finish/) });
    expect(lane).toMatchObject({ result: 'failed', failure: { step: 'lease.acquire' } });
    const record = assembleRecord([j.plan.toPartial(), j.apply.toPartial()], { run: RUN, now: j.clock.now() });
    expect(record.status).toBe('failed');
  });

  it("takes a lane as apply's executor reports it, with the evidence behind each step", () => {
    const j = jobs();
    j.apply.recordAppliedLane(
      {
        lane: 'ci-1',
        host: 'build-1',
        action: 'create',
        result: 'failed',
        fencingToken: 9,
        steps: [
          { kind: 'lease.acquire', description: 'take the lease', startedAt: '2026-01-01T00:00:03.000Z', finishedAt: '2026-01-01T00:00:03.100Z', durationMs: 100, result: 'ok' },
          { kind: 'verify.gates', description: 'check the gates', detail: 'runner offline', startedAt: '2026-01-01T00:00:03.100Z', finishedAt: '2026-01-01T00:00:05.000Z', durationMs: 1900, result: 'failed', error: 'gates failed' },
        ],
        gates: [{ name: 'runner-online', ok: false, evidence: 'runner 12 is offline' }],
        failure: { step: 'gates', message: 'the runner did not come online', recovery: 'check the runner log on build-1' },
      },
      (step) => (step.kind === 'lease.acquire' ? { helper: [{ verb: 'lease-acquire', exitCode: 0 }] } : {}),
    );
    j.apply.end('failed');
    const lane = j.apply.toPartial().lanes.find((l) => l.lane === 'ci-1')!;
    expect(lane).toMatchObject({
      result: 'failed',
      fencingToken: 9,
      failure: { step: 'verify.gates', recoveryHint: 'check the runner log on build-1' },
      gates: [{ name: 'runner-online', ok: false }],
    });
    expect(lane.steps.map((s) => [s.kind, s.description, s.evidence.helper.length])).toEqual([
      ['lease.acquire', 'take the lease', 1],
      ['verify.gates', 'check the gates (runner offline)', 0],
    ]);
    const record = assembleRecord([j.plan.toPartial(), j.apply.toPartial()], { run: RUN, now: j.clock.now() });
    expect(record.status).toBe('failed');
  });

  it('records a run-level error with its class name', () => {
    const j = jobs();
    class StalePlanError extends Error {
      override name = 'StalePlanError';
    }
    j.apply.error(new StalePlanError('observed state changed since the plan'));
    j.apply.end('failed');
    expect(j.apply.toPartial().errors).toEqual([{ phase: 'apply', name: 'StalePlanError', message: 'observed state changed since the plan' }]);
  });
});

describe('assembling partial records', () => {
  it('merges what inventory, plan and apply wrote into their output directory', async () => {
    const dir = await tempDir();
    const j = jobs();
    driveApply(j, 'completed');
    await j.inventory.writePartial(dir);
    await j.plan.writePartial(dir);
    await j.apply.writePartial(dir);
    const { partials, errors } = await readPartials(dir);
    expect(errors).toEqual([]);
    expect(partials.map((p) => p.source)).toEqual(['inventory', 'plan', 'apply']);

    const record = assembleRecord(partials, { run: RUN, now: j.clock.now() });
    expect(record).toMatchObject({
      status: 'completed',
      mode: 'apply',
      idempotencyKey: 'deploy-2026-01-01',
      policyDigest: POLICY_DIGEST,
      planDigest: PLAN_DIGEST,
    });
    expect(record.observed.pre?.observedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(record.observed.post?.observedAt).toBe('2026-01-01T00:00:05.000Z');
    expect(record.lanes.map((l) => [l.lane, l.result])).toEqual([
      ['ci-1', 'completed'],
      ['ci-2', 'noop'],
      ['ci-3', 'blocked'],
    ]);
    expect(record.timings.phases.map((p) => p.phase)).toEqual(['inventory', 'plan', 'apply']);
    expect(record.timings.startedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('is a planned record for a dry run', async () => {
    const j = jobs('dry-run');
    const record = assembleRecord([j.inventory.toPartial(), j.plan.toPartial()], { run: RUN, now: j.clock.now() });
    expect(record.status).toBe('planned');
    expect(record.observed.post).toBeNull();
  });

  it('is failed when a lane failed, even though apply ended', () => {
    const j = jobs();
    driveApply(j, 'failed');
    const record = assembleRecord([j.inventory.toPartial(), j.plan.toPartial(), j.apply.toPartial()], { run: RUN, now: j.clock.now() });
    expect(record.status).toBe('failed');
    expect(record.lanes[0]!.failure).toMatchObject({ step: 'host.enable-now' });
  });

  it('is failed when apply was expected and wrote nothing (it crashed or was cancelled)', () => {
    const j = jobs('apply');
    const record = assembleRecord([j.inventory.toPartial(), j.plan.toPartial()], { run: RUN, mode: 'apply', now: j.clock.now() });
    expect(record.status).toBe('failed');
    expect(record.errors.map((e) => e.name)).toEqual(['ApplyRecordMissing']);
  });

  it('is failed when apply ran another plan than the plan job wrote', () => {
    const j = jobs();
    const other = { ...plan(), digest: 'e'.repeat(64) };
    const apply = new AuditRecorder({ source: 'apply', run: RUN, mode: 'apply', clock: j.clock });
    apply.recordPlan(other);
    apply.end('completed');
    const record = assembleRecord([j.plan.toPartial(), apply.toPartial()], { run: RUN, now: j.clock.now() });
    expect(record.status).toBe('failed');
    expect(record.planDigest).toBe(other.digest);
    expect(record.errors[0]!.name).toBe('PlanMismatch');
  });

  it('turns unreadable partials into errors in the record instead of losing the record', async () => {
    const dir = await tempDir();
    const j = jobs();
    await j.plan.writePartial(dir);
    await writeFile(join(dir, AuditFiles.ApplyPartial), '{"schemaVersion": 1, "kind": "lanekeeper-audit-partial"');
    await writeFile(join(dir, AuditFiles.InventoryPartial), JSON.stringify({ schemaVersion: 1 }));
    const { partials, errors } = await readPartials(dir);
    expect(partials.map((p) => p.source)).toEqual(['plan']);
    expect(errors.map((e) => [e.phase, e.name])).toEqual([
      ['inventory', 'PartialInvalid'],
      ['apply', 'PartialInvalid'],
    ]);
    const record = assembleRecord(partials, { run: RUN, now: j.clock.now(), errors });
    expect(record.status).toBe('failed');
  });

  it('redacts partials as they are written', async () => {
    const dir = await tempDir();
    const registry = new SecretRegistry();
    registry.register('AAQQ7VZ3LKRD2S5WKXM4H6PYBYTFC');
    const j = jobs();
    j.apply.error(new Error('config.sh failed with token AAQQ7VZ3LKRD2S5WKXM4H6PYBYTFC'));
    await j.apply.writePartial(dir, registry);
    const text = await readFile(join(dir, AuditFiles.ApplyPartial), 'utf8');
    expect(text).not.toContain('AAQQ7VZ3LKRD2S5WKXM4H6PYBYTFC');
    expect(text).toContain('config.sh failed with token ***');
  });

  it('throws a typed error when there is nothing to assemble', () => {
    expect(() => buildRecord([], { now: new Date() })).toThrow(InvalidAuditRecordError);
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditFiles, Inputs, Outputs } from '../../src/constants.js';
import { InvalidAuditRecordError } from '../../src/audit/errors.js';
import type { ArtifactUploader } from '../../src/audit/publish.js';
import { SecretRegistry } from '../../src/audit/secrets.js';
import { runAudit } from '../../src/commands/audit.js';
import { ManualClock } from '../../src/util/clock.js';
import { recordingIO } from './support/recording-io.js';
import { driveApply, jobs } from './support/records.js';

const ACTIONS_ENV = {
  ACTIONS_RUNTIME_TOKEN: 'runtime-token-value',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'acme/infra',
  GITHUB_ACTOR: 'octocat',
  GITHUB_SERVER_URL: 'https://github.com',
};

class FakeUploader implements ArtifactUploader {
  readonly uploads: { name: string; files: string[]; root: string; options: object | undefined; content: string }[] = [];
  constructor(private readonly fail = false) {}
  async uploadArtifact(name: string, files: string[], root: string, options?: { retentionDays?: number }) {
    if (this.fail) throw new Error('Failed to CreateArtifact: service unavailable');
    this.uploads.push({ name, files, root, options, content: await readFile(files[0]!, 'utf8') });
    return { id: 77, size: 100 };
  }
}

async function outputDirWith(ending: 'completed' | 'failed' | 'missing'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-audit-cmd-'));
  const j = jobs('apply');
  await j.inventory.writePartial(dir);
  await j.plan.writePartial(dir);
  if (ending !== 'missing') {
    driveApply(j, ending);
    await j.apply.writePartial(dir);
  }
  return dir;
}

const clock = new ManualClock('2026-01-01T00:10:00Z');

describe('runAudit', () => {
  it('outside Actions writes the record and prints the plain summary, without uploading', async () => {
    const dir = await outputDirWith('completed');
    const io = recordingIO({}, { [Inputs.OutputDir]: dir });
    const uploader = new FakeUploader();
    const result = await runAudit(io, { clock, createUploader: () => uploader });
    expect(result.record.status).toBe('completed');
    expect(result.artifact).toBeNull();
    expect(uploader.uploads).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, AuditFiles.Record), 'utf8'))).toEqual(result.record);
    expect(io.summaries).toHaveLength(1);
    expect(io.summaries[0]!.plain).toContain(`Audit record: ${join(dir, AuditFiles.Record)}`);
    expect(io.outputs).toEqual({
      [Outputs.AuditPath]: join(dir, AuditFiles.Record),
      [Outputs.ArtifactName]: 'lanekeeper-audit-4242-1',
      [Outputs.ArtifactId]: '',
      [Outputs.Status]: 'completed',
      [Outputs.Result]: 'completed',
    });
  });

  it('in Actions uploads lanekeeper-audit-<run id>-<attempt> with the retention asked for', async () => {
    const dir = await outputDirWith('completed');
    const io = recordingIO(ACTIONS_ENV, { [Inputs.OutputDir]: dir, [Inputs.RetentionDays]: '14' });
    const uploader = new FakeUploader();
    const result = await runAudit(io, { clock, createUploader: () => uploader });
    expect(uploader.uploads.map((u) => [u.name, u.options])).toEqual([['lanekeeper-audit-4242-2', { retentionDays: 14 }]]);
    expect(result.record.run).toMatchObject({ runId: '4242', runAttempt: 2, actor: 'octocat', runUrl: 'https://github.com/acme/infra/actions/runs/4242/attempts/2' });
    expect(io.outputs[Outputs.ArtifactId]).toBe('77');
    expect(io.outputs[Outputs.ArtifactName]).toBe('lanekeeper-audit-4242-2');
  });

  it('still uploads a failed record after a failed apply, and does not throw', async () => {
    const dir = await outputDirWith('failed');
    const io = recordingIO(ACTIONS_ENV, { [Inputs.OutputDir]: dir });
    const uploader = new FakeUploader();
    const result = await runAudit(io, { clock, createUploader: () => uploader });
    expect(result.record.status).toBe('failed');
    expect(io.outputs[Outputs.Status]).toBe('failed');
    expect(JSON.parse(uploader.uploads[0]!.content)).toMatchObject({ status: 'failed' });
    expect(io.summaries[0]!.markdown).toMatch(/^## Lanekeeper audit: failed/);
  });

  it('records a failed run when apply was expected but left nothing', async () => {
    const dir = await outputDirWith('missing');
    const io = recordingIO({}, { [Inputs.OutputDir]: dir, [Inputs.Mode]: 'apply' });
    const result = await runAudit(io, { clock });
    expect(result.record.status).toBe('failed');
    expect(result.record.errors.map((e) => e.name)).toContain('ApplyRecordMissing');
  });

  it('records a failed run when no job left a partial record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-audit-cmd-'));
    const result = await runAudit(recordingIO({}, { [Inputs.OutputDir]: dir }), { clock });
    expect(result.record.status).toBe('failed');
    expect(result.record.errors.map((e) => e.name)).toEqual(['NoPartialRecords']);
  });

  it('reports a failed upload as a warning; the record stays on disk', async () => {
    const dir = await outputDirWith('completed');
    const io = recordingIO(ACTIONS_ENV, { [Inputs.OutputDir]: dir });
    const result = await runAudit(io, { clock, createUploader: () => new FakeUploader(true) });
    expect(result.artifact).toBeNull();
    expect(io.warnings.join('\n')).toMatch(/could not be uploaded/);
    expect(io.outputs[Outputs.ArtifactId]).toBe('');
  });

  it('scrubs the token input, the runtime token and registered secrets from everything it writes', async () => {
    const dir = await outputDirWith('completed');
    const partialPath = join(dir, AuditFiles.ApplyPartial);
    const partial = JSON.parse(await readFile(partialPath, 'utf8')) as { errors: unknown[] };
    partial.errors.push({ phase: 'apply', name: null, message: 'tokens: runtime-token-value my-api-token-1234 registered-secret-99' });
    await writeFile(partialPath, JSON.stringify(partial));
    const registry = new SecretRegistry();
    registry.register('registered-secret-99');
    const io = recordingIO(ACTIONS_ENV, { [Inputs.OutputDir]: dir, [Inputs.Token]: 'my-api-token-1234' });
    const uploader = new FakeUploader();
    await runAudit(io, { clock, registry, createUploader: () => uploader });
    const written = [await readFile(join(dir, AuditFiles.Record), 'utf8'), uploader.uploads[0]!.content, io.summaries[0]!.markdown, io.summaries[0]!.plain].join('\n');
    expect(written).toContain('tokens: *** *** ***');
    for (const secret of ['runtime-token-value', 'my-api-token-1234', 'registered-secret-99']) expect(written).not.toContain(secret);
  });

  it('throws a typed error when the assembled record is invalid', async () => {
    const dir = await outputDirWith('completed');
    const partialPath = join(dir, AuditFiles.ApplyPartial);
    const partial = JSON.parse(await readFile(partialPath, 'utf8')) as { lanes: { result: string; failure: unknown }[] };
    partial.lanes[0]!.result = 'failed'; // a failed lane that does not say why
    partial.lanes[0]!.failure = null;
    await writeFile(partialPath, JSON.stringify(partial));
    await expect(runAudit(recordingIO({}, { [Inputs.OutputDir]: dir }), { clock })).rejects.toBeInstanceOf(InvalidAuditRecordError);
  });

  it('notes invalid inputs in the record rather than failing', async () => {
    const dir = await outputDirWith('completed');
    const result = await runAudit(recordingIO({}, { [Inputs.OutputDir]: dir, [Inputs.RetentionDays]: 'forever' }), { clock });
    expect(result.record.status).toBe('failed');
    expect(result.record.errors[0]!.message).toMatch(/retention-days/);
  });
});

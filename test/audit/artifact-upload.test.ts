import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateRecord } from '../../src/audit/assemble.js';
import { auditArtifactName, publish } from '../../src/audit/publish.js';
import { ArtifactService, type SimHandler } from '../../src/sim/artifact-service.js';
import { mintRuntimeToken } from '../../src/sim/artifact-token.js';
import { readZip } from '../../src/sim/artifact-zip.js';
import { committedSchemaValidator } from './support/json-schema.js';
import { recordingIO } from './support/recording-io.js';
import { startLoopbackServer, withEnv } from './support/loopback-server.js';
import { recordOf } from './support/records.js';

interface Mounted {
  readonly url: string;
  close(): Promise<void>;
}

async function uploadAndFetch(service: ArtifactService, baseUrl: string) {
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-audit-upload-'));
  const record = recordOf('failed');
  const io = recordingIO({ ACTIONS_RUNTIME_TOKEN: process.env['ACTIONS_RUNTIME_TOKEN'] });
  const published = await publish(record, { io, recordPath: join(dir, 'audit.json'), uploader: new DefaultArtifactClient(), retentionDays: 7 });
  expect(published.uploadError).toBeNull();
  expect(published.artifact?.name).toBe(auditArtifactName(record.run));

  const listed = (await (await fetch(`${baseUrl}/_sim/artifacts?name=${published.artifact!.name}`)).json()) as { artifacts: { id: number; expiresAt: string }[] };
  expect(listed.artifacts.map((a) => a.id)).toEqual([published.artifact!.id]);
  const response = await fetch(`${baseUrl}/_sim/artifacts/${published.artifact!.id}/zip`);
  expect(response.headers.get('content-type')).toBe('application/zip');
  const zip = Buffer.from(await response.arrayBuffer());
  expect(service.artifactZip(published.artifact!.id!)).toEqual(zip);
  return { record, entries: readZip(zip), listed: listed.artifacts };
}

describe('uploading the audit record with @actions/artifact', () => {
  let service: ArtifactService;
  let server: Mounted;
  let restoreEnv: () => void;

  beforeEach(async () => {
    service = new ArtifactService();
    server = await startLoopbackServer(service.handler);
    restoreEnv = withEnv({
      ACTIONS_RUNTIME_TOKEN: service.mintRuntimeToken(),
      ACTIONS_RESULTS_URL: `${server.url}/`,
      GITHUB_SERVER_URL: undefined,
    });
  });

  afterEach(async () => {
    restoreEnv();
    await server.close();
  });

  it('uploads a zip holding the record, which validates against the schema when fetched back', async () => {
    const { record, entries, listed } = await uploadAndFetch(service, server.url);
    expect(entries.map((e) => e.name)).toEqual(['audit.json']);
    const json: unknown = JSON.parse(entries[0]!.data.toString('utf8'));
    expect(committedSchemaValidator()(json)).toEqual([]);
    expect(validateRecord(json)).toEqual(record);
    // retention: the expiry the client asked for, seven days out
    expect(Date.parse(listed[0]!.expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
  });

  it('refuses a second artifact of the same name in the run, as GitHub does', async () => {
    await uploadAndFetch(service, server.url);
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-audit-upload-'));
    const io = recordingIO({ ACTIONS_RUNTIME_TOKEN: 'x' });
    const again = await publish(recordOf('failed'), { io, recordPath: join(dir, 'audit.json'), uploader: new DefaultArtifactClient() });
    expect(again.artifact).toBeNull();
    expect(again.uploadError).toMatch(/already exists/);
    expect(io.warnings.join('\n')).toMatch(/could not be uploaded/);
  });

  it('refuses runtime tokens it did not sign', async () => {
    process.env['ACTIONS_RUNTIME_TOKEN'] = mintRuntimeToken({ workflowRunBackendId: 'r', workflowJobRunBackendId: 'j' }, { key: 'another key' });
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-audit-upload-'));
    const result = await publish(recordOf('planned'), { io: recordingIO({ ACTIONS_RUNTIME_TOKEN: 'x' }), recordPath: join(dir, 'audit.json'), uploader: new DefaultArtifactClient() });
    expect(result.uploadError).toMatch(/invalid runtime token: bad signature/);
    expect(service.list()).toEqual([]);
  });

  it('refuses blob uploads without a valid signature', async () => {
    const res = await fetch(`${server.url}/_sim/blob/artifacts/nope/x.zip?comp=block&blockid=AAAA&se=2100-01-01T00:00:00Z&sig=forged`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
  });

  it('answers twirp errors for unknown methods and leaves other routes alone', async () => {
    const token = process.env['ACTIONS_RUNTIME_TOKEN']!;
    const res = await fetch(`${server.url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
    expect(res.status).toBe(403);
    const other = await fetch(`${server.url}/repos/acme/app/actions/runners`);
    expect(other.status).toBe(404);
  });
});

describe('the artifact service mounted on the GitHub simulator', () => {
  const simulatorModule = new URL('../../src/sim/github-simulator.ts', import.meta.url);

  it.skipIf(!existsSync(simulatorModule))('takes uploads through sim.use(handler)', async () => {
    const { GitHubSimulator } = (await import(simulatorModule.href)) as {
      GitHubSimulator: new (options?: object) => { use(h: SimHandler): void; start(): Promise<{ url: string }>; stop(): Promise<void>; clock: import('../../src/util/clock.js').Clock };
    };
    const sim = new GitHubSimulator();
    const service = new ArtifactService({ clock: sim.clock });
    sim.use(service.handler);
    const { url } = await sim.start();
    const restore = withEnv({ ACTIONS_RUNTIME_TOKEN: service.mintRuntimeToken(), ACTIONS_RESULTS_URL: url, GITHUB_SERVER_URL: undefined });
    try {
      const { entries } = await uploadAndFetch(service, url);
      expect(committedSchemaValidator()(JSON.parse(entries[0]!.data.toString('utf8')))).toEqual([]);
    } finally {
      restore();
      await sim.stop();
    }
  });
});

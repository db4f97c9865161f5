/**
 * The bundled action, run as the runner runs it: `node dist/index.js` with INPUT_*, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL. After a failed apply, the
 * audit step uploads the failed record; the zip fetched back from the simulator holds a record
 * that validates against the committed schema.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArtifactService, type SimHandler } from '../../src/sim/artifact-service.js';
import { readZip } from '../../src/sim/artifact-zip.js';
import type { Clock } from '../../src/util/clock.js';
import { committedSchemaValidator } from './support/json-schema.js';
import { startLoopbackServer } from './support/loopback-server.js';
import { driveApply, jobs } from './support/records.js';

const bundle = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const simulatorModule = new URL('../../src/sim/github-simulator.ts', import.meta.url);

interface Sim {
  url: string;
  stop(): Promise<void>;
}

/** The GitHub simulator with the artifact service mounted (a bare loopback server until it exists). */
async function startSimulator(service: (clock?: Clock) => ArtifactService): Promise<{ sim: Sim; artifacts: ArtifactService }> {
  if (existsSync(simulatorModule)) {
    const { GitHubSimulator } = (await import(simulatorModule.href)) as {
      GitHubSimulator: new () => { use(h: SimHandler): void; start(): Promise<{ url: string }>; stop(): Promise<void>; clock: Clock };
    };
    const sim = new GitHubSimulator();
    const artifacts = service(sim.clock);
    sim.use(artifacts.handler);
    const { url } = await sim.start();
    return { sim: { url, stop: () => sim.stop() }, artifacts };
  }
  const artifacts = service();
  const server = await startLoopbackServer(artifacts.handler);
  return { sim: { url: server.url, stop: () => server.close() }, artifacts };
}

function runAction(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, value lines, `delimiter`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return outputs;
}

describe('the bundled action, command audit', () => {
  it.skipIf(!existsSync(bundle))('uploads the failed record of a failed apply, fetched back from the simulator as a valid record', async () => {
    const work = await mkdtemp(join(tmpdir(), 'lanekeeper-action-audit-'));
    const outputDir = join(work, '.lanekeeper');
    const j = jobs('apply');
    driveApply(j, 'failed');
    for (const job of [j.inventory, j.plan, j.apply]) await job.writePartial(outputDir);
    const outputFile = join(work, 'github-output');
    const summaryFile = join(work, 'step-summary.md');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');

    const { sim, artifacts } = await startSimulator((clock) => new ArtifactService({ clock }));
    try {
      const result = await runAction({
        PATH: process.env['PATH'] ?? '',
        HOME: work,
        RUNNER_TEMP: work,
        GITHUB_WORKSPACE: work,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '3',
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_ACTOR: 'octocat',
        GITHUB_SERVER_URL: 'https://github.com',
        ACTIONS_RUNTIME_TOKEN: artifacts.mintRuntimeToken(),
        ACTIONS_RESULTS_URL: `${sim.url}/`,
        INPUT_COMMAND: 'audit',
        'INPUT_OUTPUT-DIR': outputDir,
        'INPUT_RETENTION-DAYS': '5',
        INPUT_MODE: 'apply',
      });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);

      const outputs = parseOutputs(await readFile(outputFile, 'utf8'));
      expect(outputs).toMatchObject({ status: 'failed', 'artifact-name': 'lanekeeper-audit-4242-3', 'audit-path': join(outputDir, 'audit.json') });
      const summary = await readFile(summaryFile, 'utf8');
      expect(summary).toMatch(/## Lanekeeper audit: failed/);
      expect(summary).toContain('| `ci-1` | absent | create | **failed** |');

      const listed = (await (await fetch(`${sim.url}/_sim/artifacts?name=lanekeeper-audit-4242-3`)).json()) as { artifacts: { id: number }[] };
      expect(listed.artifacts).toHaveLength(1);
      expect(outputs['artifact-id']).toBe(String(listed.artifacts[0]!.id));
      const zip = Buffer.from(await (await fetch(`${sim.url}/_sim/artifacts/${listed.artifacts[0]!.id}/zip`)).arrayBuffer());
      const entries = readZip(zip);
      expect(entries.map((e) => e.name)).toEqual(['audit.json']);
      const record = JSON.parse(entries[0]!.data.toString('utf8')) as { status: string; run: { runAttempt: number } };
      expect(committedSchemaValidator()(record)).toEqual([]);
      expect(record.status).toBe('failed');
      expect(record.run.runAttempt).toBe(3);
      // The runtime token is registered as a secret and never lands in the record.
      expect(entries[0]!.data.toString('utf8')).not.toContain('eyJ');
    } finally {
      await sim.stop();
    }
  });
});

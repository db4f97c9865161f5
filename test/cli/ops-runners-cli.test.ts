// `lanekeeper ops-runners`, as the hosts job runs it before any host job is queued (bundled CLI
// against the simulator): hosts whose ops runner is offline or missing leave the matrix, and the
// plan blocks their lanes with ops_runner_offline instead of a job waiting a day in the queue.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_SIM_TOKEN, GitHubSimulator } from '../../src/sim/github-simulator.js';
import { runBundledCli, type CliRun } from '../support/bundled-cli.js';

let sim: GitHubSimulator;
const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-ops-runners-'));

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  // box-1: online ops runner in the ops repository; box-2: offline ops runner in the org;
  // box-3: none; a plain runner labelled box-3 without lanekeeper-ops does not count.
  sim.addRunner('repo:acme/ops', { name: 'box-1-ops', status: 'online', labels: ['lanekeeper-ops', 'box-1'] });
  sim.addRunner('org:acme', { name: 'box-2-ops', status: 'offline', labels: ['lanekeeper-ops', 'box-2'] });
  sim.addRunner('org:acme', { name: 'box-3-build', status: 'online', labels: ['box-3'] });
});
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runBundledCli(args, { GITHUB_API_URL: sim.url, GITHUB_REPOSITORY: 'acme/ops', LANEKEEPER_TOKEN: DEFAULT_SIM_TOKEN, ...env });
}

const policyFile = join(dir, 'policy.yml');
writeFileSync(
  policyFile,
  stringify({
    version: 1,
    repositories: ['acme/api'],
    hosts: Object.fromEntries(['box-1', 'box-2', 'box-3'].map((h) => [h, { approved: true, registrationRoots: ['/srv/runners'], serviceUsers: ['runner'] }])),
    lanes: ['box-1', 'box-2', 'box-3'].map((h, i) => ({ name: `lane-${i + 1}`, repository: 'acme/api', host: h, registrationRoot: '/srv/runners', serviceUser: 'runner', labels: ['lanekeeper-managed'] })),
  }),
);

it('keeps only hosts whose ops runner is online, and blocks the others\' lanes with ops_runner_offline', async () => {
  const out = join(dir, 'hosts-job');
  const r = await cli(['ops-runners', '--policy', policyFile, '--output-dir', out, '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ online: ['box-1'], offline: ['box-2', 'box-3'], checked: true });
  expect(r.stderr).toContain('box-2-ops (offline) is offline');
  expect(r.stderr).toContain('no runner with the labels lanekeeper-ops and box-3');
  // The plan job reads this file with the inventories and blocks box-2's and box-3's lanes.
  const planOut = join(dir, 'plan-job');
  const plan = await cli(['plan', '--policy', policyFile, '--observed', out, '--output-dir', planOut]);
  expect(plan.code, plan.stderr).toBe(0);
  const planJson = JSON.parse(readFileSync(join(planOut, 'plan.json'), 'utf8')) as { lanes: { lane: string; status: string; blockers: { code: string }[] }[] };
  const blockers = Object.fromEntries(planJson.lanes.map((l) => [l.lane, l.blockers.map((b) => b.code)]));
  expect(blockers['lane-2']).toContain('ops_runner_offline');
  expect(blockers['lane-3']).toContain('ops_runner_offline');
  expect(blockers['lane-1']).not.toContain('ops_runner_offline');
  expect(plan.stdout).toContain('start the ops runner on box-2');
});

it('all online: no host observation, every host in the matrix', async () => {
  sim.addRunner('repo:acme/ops', { name: 'box-2-ops-b', status: 'online', labels: ['lanekeeper-ops', 'box-2'] });
  sim.addRunner('repo:acme/ops', { name: 'box-3-ops', status: 'online', labels: ['lanekeeper-ops', 'box-3'] });
  const out = join(dir, 'all-online');
  const r = await cli(['ops-runners', '--policy', policyFile, '--output-dir', out, '--json']);
  expect(JSON.parse(r.stdout)).toMatchObject({ online: ['box-1', 'box-2', 'box-3'], offline: [], checked: true });
  // box-2's organisation ops runner sits in the Default group, open to every repository and
  // workflow: the file carries only those warnings, no host observation.
  const observed = JSON.parse(readFileSync(join(out, 'observed.json'), 'utf8')) as { hosts: object; warnings: { path: string }[] };
  expect(observed.hosts).toEqual({});
  expect(observed.warnings.map((w) => w.path)).toEqual(['github.org:acme.runnerGroups.Default.visibility', 'github.org:acme.runnerGroups.Default.restricted_to_workflows']);
});

it('without a token it cannot check: all hosts stay, with a warning', async () => {
  const r = await cli(['ops-runners', '--policy', policyFile, '--output-dir', join(dir, 'no-token'), '--json'], { LANEKEEPER_TOKEN: '' });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ online: ['box-1', 'box-2', 'box-3'], checked: false });
  expect(r.stderr).toContain('were not checked');
});

it('a token that cannot list the ops runners: all hosts stay, with a warning naming the permission', async () => {
  const r = await cli(['ops-runners', '--policy', policyFile, '--output-dir', join(dir, 'bad-token'), '--json'], { LANEKEEPER_TOKEN: 'ghs_NotAValidToken' });
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ online: ['box-1', 'box-2', 'box-3'], checked: false });
  expect(r.stderr).toContain('administration read on acme/ops');
});

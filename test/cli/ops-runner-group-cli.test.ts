// `lanekeeper ops-runners` checks the runner group of organisation ops runners (bundled CLI
// against the simulator, every response checked against GitHub's OpenAPI description): a group
// limited to the ops repository and the reusable workflow passes quietly; each gap is one warning
// naming the group, the field and the fix, and reaches the plan's warnings; repository runners are
// "not checkable"; a token that may not read runner groups warns and keeps every host.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_SIM_TOKEN, GitHubSimulator } from '../../src/sim/github-simulator.js';
import { checkGitHubResponse } from '../../src/sim/openapi-conformance.js';
import type { SimGroupAccess } from '../../src/sim/runner-store.js';
import { runBundledCli, type CliRun } from '../support/bundled-cli.js';

const WORKFLOW = 'acme/lanekeeper/.github/workflows/lanes-reusable.yml@refs/heads/main';
const CLOSED: SimGroupAccess = {
  visibility: 'selected',
  selectedRepositories: ['acme/ops'],
  allowsPublicRepositories: false,
  restrictedToWorkflows: true,
  // GitHub's settings page takes the branch name; the OIDC token says refs/heads/main.
  selectedWorkflows: ['acme/lanekeeper/.github/workflows/lanes-reusable.yml@main'],
};

let sim: GitHubSimulator;
const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-ops-group-'));
let run = 0;

beforeAll(async () => {
  sim = new GitHubSimulator({ validate: checkGitHubResponse });
  await sim.start();
});
beforeEach(() => sim.reset());
afterEach(() => {
  expect(sim.violations()).toEqual([]);
});
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runBundledCli(args, { GITHUB_API_URL: sim.url, GITHUB_REPOSITORY: 'acme/ops', LANEKEEPER_TOKEN: DEFAULT_SIM_TOKEN, LANEKEEPER_WORKFLOW_REF: WORKFLOW, ...env });
}

const policyFile = join(dir, 'policy.yml');
writeFileSync(
  policyFile,
  stringify({
    version: 1,
    repositories: ['acme/api'],
    hosts: { 'box-1': { approved: true, registrationRoots: ['/srv/runners'], serviceUsers: ['runner'] } },
    lanes: [{ name: 'lane-1', repository: 'acme/api', host: 'box-1', registrationRoot: '/srv/runners', serviceUser: 'runner', labels: ['lanekeeper-managed'] }],
  }),
);

interface Report {
  online: string[];
  checked: boolean;
  runnerGroups: { status: string; groups: { org: string; name: string; runners: string[]; gaps: { field: string; problem: string; fix: string }[] }[] };
}

/** The ops runner of box-1 in the organisation's group `lanekeeper-ops` with these settings. */
async function opsRunners(access: Partial<SimGroupAccess>, env: Record<string, string> = {}) {
  const groupId = sim.store.addOrgGroup('acme', 'lanekeeper-ops', { ...CLOSED, ...access });
  sim.addRunner('org:acme', { name: 'box-1-ops', status: 'online', labels: ['lanekeeper-ops', 'box-1'], runnerGroupId: groupId });
  const out = join(dir, `run-${++run}`);
  const r = await cli(['ops-runners', '--policy', policyFile, '--output-dir', out, '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  return { ...r, out, report: JSON.parse(r.stdout) as Report };
}

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('warning:'));

it('a group limited to the ops repository and the reusable workflow: checked, no warning, no observation', async () => {
  const { report, stderr, out } = await opsRunners({});
  expect(report.online).toEqual(['box-1']);
  expect(report.runnerGroups).toEqual({ status: 'checked', groups: [{ org: 'acme', name: 'lanekeeper-ops', runners: ['box-1-ops'], gaps: [] }] });
  expect(warnings(stderr)).toEqual([]);
  expect(stderr).toContain('Runner group "lanekeeper-ops" of acme (ops runners box-1-ops): only acme/ops and');
  expect(existsSync(join(out, 'observed.json'))).toBe(false);
  expect(sim.requestCount({ path: /\/actions\/runner-groups\/\d+\/repositories$/ })).toBe(1);
  expect(sim.checkedResponses()).toBeGreaterThan(0);
});

describe('each gap is one warning naming the group, the field and the fix, and every plan carries it', () => {
  const gaps: [string, Partial<SimGroupAccess>, string, string][] = [
    ['visibility', { visibility: 'all' }, 'is "all"', 'Repository access: "Selected repositories", only acme/ops'],
    ['selected_repositories', { selectedRepositories: ['acme/ops', 'acme/web', 'acme/docs'] }, 'also admit acme/web, acme/docs', 'Repository access: remove acme/web, acme/docs, keep only acme/ops'],
    ['restricted_to_workflows', { restrictedToWorkflows: false }, 'is false', `Workflow access: "Selected workflows", only ${CLOSED.selectedWorkflows[0]}`],
    ['selected_workflows', { selectedWorkflows: [CLOSED.selectedWorkflows[0]!, 'acme/ops/.github/workflows/deploy.yml@main'] }, 'also name acme/ops/.github/workflows/deploy.yml@main', `Workflow access: remove acme/ops/.github/workflows/deploy.yml@main, keep only ${CLOSED.selectedWorkflows[0]}`],
    ['allows_public_repositories', { allowsPublicRepositories: true }, 'is true', 'untick "Allow public repositories"'],
  ];
  it.each(gaps)('%s', async (field, access, problem, fix) => {
    const { report, stderr, out } = await opsRunners(access);
    expect(report.online).toEqual(['box-1']);
    expect(report.runnerGroups.status).toBe('checked');
    expect(report.runnerGroups.groups[0]!.gaps.map((g) => g.field)).toEqual([field]);
    const [warning, ...more] = warnings(stderr);
    expect(more).toEqual([]);
    expect(warning).toContain(`runner group "lanekeeper-ops" of acme (ops runners box-1-ops): ${field} ${problem}`);
    expect(warning).toContain(`Fix: Settings → Actions → Runner groups → lanekeeper-ops → ${fix}`);
    expect(warning).toContain('"The set-up, in order", step 4');

    // The plan job reads the hosts job's observation: the warning is in plan.json and in the plan's text.
    const planOut = join(out, 'plan');
    const plan = await cli(['plan', '--policy', policyFile, '--observed', out, '--output-dir', planOut]);
    expect(plan.code, plan.stderr).toBe(0);
    const planJson = JSON.parse(readFileSync(join(planOut, 'plan.json'), 'utf8')) as { warnings?: { code: string; path: string; message: string }[] };
    expect(planJson.warnings).toEqual([
      { code: 'ops_runner_group_open', path: `github.org:acme.runnerGroups.lanekeeper-ops.${field}`, message: expect.stringContaining(`${field} ${problem}`) },
    ]);
    expect(plan.stdout).toContain(`github.org:acme.runnerGroups.lanekeeper-ops.${field}: runner group "lanekeeper-ops"`);
  });

  it('a group that does not admit the ops repository, or names another ref of the workflow, says so', async () => {
    const { report } = await opsRunners({ selectedRepositories: ['acme/web'], selectedWorkflows: ['acme/lanekeeper/.github/workflows/lanes-reusable.yml@v1'] });
    expect(report.runnerGroups.groups[0]!.gaps.map((g) => [g.field, g.problem])).toEqual([
      ['selected_repositories', 'do not include the ops repository acme/ops'],
      ['selected_repositories', 'also admit acme/web, whose workflows may run commands as the ops user'],
      ['selected_workflows', expect.stringContaining('also name acme/lanekeeper/.github/workflows/lanes-reusable.yml@v1')],
      ['selected_workflows', `do not name ${WORKFLOW}, the reusable workflow this run comes from`],
    ]);
  });

  it('without the run\'s workflow ref (a terminal), any lanes-reusable.yml entry passes and others do not', async () => {
    const quiet = await opsRunners({}, { LANEKEEPER_WORKFLOW_REF: '' });
    expect(quiet.report.runnerGroups.groups[0]!.gaps).toEqual([]);
    sim.reset();
    const loud = await opsRunners({ selectedWorkflows: ['acme/ops/.github/workflows/ci.yml@main'] }, { LANEKEEPER_WORKFLOW_REF: '' });
    expect(loud.report.runnerGroups.groups[0]!.gaps).toEqual([
      expect.objectContaining({ field: 'selected_workflows', fix: expect.stringContaining('keep only <owner>/<lanekeeper repo>/.github/workflows/lanes-reusable.yml@<ref>') }),
    ]);
  });
});

it('ops runners of the repository (a personal account): not checkable, said so, no warning', async () => {
  sim.addRunner('repo:acme/ops', { name: 'box-1-ops', status: 'online', labels: ['lanekeeper-ops', 'box-1'] });
  const r = await cli(['ops-runners', '--policy', policyFile, '--output-dir', join(dir, 'repo-runners'), '--json']);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(report).toMatchObject({ online: ['box-1'], checked: true, runnerGroups: { status: 'not_checkable', groups: [] } });
  expect(r.stderr).toContain('Runner group of the ops runners box-1-ops: not checkable');
  expect(warnings(r.stderr)).toEqual([]);
  expect(sim.requestCount({ path: /\/actions\/runner-groups/ })).toBe(0);
});

it('a token that may not read runner groups (403): a warning naming the permission, every host kept', async () => {
  sim.addFault({ method: 'GET', path: /\/orgs\/acme\/actions\/runner-groups$/, effect: { kind: 'status', status: 403, message: 'Resource not accessible by integration' } });
  const { report, stderr, out } = await opsRunners({ visibility: 'all' });
  expect(report).toMatchObject({ online: ['box-1'], checked: true, runnerGroups: { status: 'unreadable', groups: [] } });
  const [warning, ...more] = warnings(stderr);
  expect(more).toEqual([]);
  expect(warning).toContain('The runner group of the ops runners was not checked');
  expect(warning).toContain('organisation permission "Self-hosted runners" (read) on acme');
  expect(existsSync(join(out, 'observed.json'))).toBe(false);
});

import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError } from '../../src/github/errors.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import type { GitHubRunners } from '../../src/github/port.js';
import type { Scope } from '../../src/policy/types.js';
import { DEFAULT_SIM_TOKEN, type GitHubSimulator } from '../../src/sim/github-simulator.js';
import { captureOutput } from '../support/capture-output.js';
import { startCheckedSimulator, simClient } from '../support/github-sim.js';
import { assertNoLeakedTokens } from '../support/no-leaked-tokens.js';

const repo: Scope = { kind: 'repository', owner: 'acme', repo: 'widgets' };
const org: Scope = { kind: 'organization', org: 'acme-corp' };
const listPath = /\/actions\/runners$/;

let sim: GitHubSimulator;
let masked: string[];
let runners: OctokitGitHubRunners;

beforeAll(async () => {
  sim = await startCheckedSimulator();
});
afterAll(async () => {
  expect(sim.checkedResponses()).toBeGreaterThan(50);
  expect(sim.violations()).toEqual([]);
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  masked = [];
  runners = new OctokitGitHubRunners(simClient(sim), { onSecret: (value) => masked.push(value) });
});

// Compile-time check that the adapter is the port.
const _port: GitHubRunners = {} as OctokitGitHubRunners;
void _port;

describe('listRunners', () => {
  it.each([
    [repo, 0, 1],
    [repo, 1, 1],
    [org, 100, 1],
    [repo, 101, 2],
    [org, 2_500, 25],
  ])('lists %o with %i runners in %i calls of 100', async (scope, count, calls) => {
    const key = scope.kind === 'repository' ? 'repo:acme/widgets' : 'org:acme-corp';
    sim.addRunners(key, count, { status: 'online', labels: ['gpu'] });
    const listed = await runners.listRunners(scope);
    expect(listed).toHaveLength(count);
    expect(new Set(listed.map((r) => r.id)).size).toBe(count);
    expect(sim.requestCount({ method: 'GET', path: listPath })).toBe(calls);
    expect(sim.requests().every((r) => /per_page=100/.test(r.path))).toBe(true);
    expect(runners.evidence()).toHaveLength(calls);
  });

  it('maps GitHub runners to domain runners', async () => {
    const added = sim.addRunner('repo:acme/widgets', { name: 'lane-1', status: 'online', busy: true, labels: ['gpu', 'lanekeeper-managed'] });
    const [runner] = await runners.listRunners(repo);
    expect(runner).toEqual({
      id: added.id,
      name: 'lane-1',
      status: 'online',
      busy: true,
      os: 'Linux',
      runnerGroupId: 1,
      labels: [
        { name: 'self-hosted', type: 'read-only' },
        { name: 'Linux', type: 'read-only' },
        { name: 'X64', type: 'read-only' },
        { name: 'gpu', type: 'custom' },
        { name: 'lanekeeper-managed', type: 'custom' },
      ],
    });
  });

  it('keeps repository and organisation runners apart', async () => {
    sim.addRunners('repo:acme/widgets', 3, { namePrefix: 'r' });
    sim.addRunners('org:acme-corp', 2, { namePrefix: 'o' });
    expect((await runners.listRunners(repo)).map((r) => r.name)).toEqual(['r-1', 'r-2', 'r-3']);
    expect((await runners.listRunners(org)).map((r) => r.name)).toEqual(['o-1', 'o-2']);
  });
});

describe('single runners', () => {
  it('gets a runner, and null when GitHub answers 404', async () => {
    const added = sim.addRunner('org:acme-corp', { name: 'lane-a' });
    expect(await runners.getRunner(org, added.id)).toMatchObject({ id: added.id, name: 'lane-a', status: 'offline', busy: false });
    expect(await runners.getRunner(org, 999_999)).toBeNull();
    expect(await runners.getRunner(repo, added.id)).toBeNull();
  });

  it('deletes a runner, and a second delete is not an error', async () => {
    const added = sim.addRunner('repo:acme/widgets', { name: 'lane-a' });
    await runners.deleteRunner(repo, added.id);
    expect(sim.runners('repo:acme/widgets')).toHaveLength(0);
    await runners.deleteRunner(repo, added.id);
    expect(runners.evidence().map((e) => e.status)).toEqual([204, 404]);
  });

  it('refuses to delete a busy runner with a message that says why', async () => {
    const added = sim.addRunner('repo:acme/widgets', { name: 'lane-busy', status: 'online', busy: true });
    const error = await runners.deleteRunner(repo, added.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ name: 'GitHubApiError', scope: 'repo:acme/widgets', status: 422, route: 'DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}' });
    expect((error as Error).message).toMatch(/repo:acme\/widgets.*HTTP 422.*still running a job/);
    expect(sim.runners('repo:acme/widgets')).toHaveLength(1);
  });
});

describe('labels', () => {
  it('adds, sets and removes custom labels; read-only labels stay', async () => {
    const { id } = sim.addRunner('org:acme-corp', { name: 'lane-l', labels: ['a'] });
    const custom = (labels: { name: string; type: string }[]) => labels.filter((l) => l.type === 'custom').map((l) => l.name);
    expect(custom(await runners.addLabels(org, id, ['b', 'c']))).toEqual(['a', 'b', 'c']);
    expect(custom(await runners.setLabels(org, id, ['x', 'y']))).toEqual(['x', 'y']);
    const afterRemove = await runners.removeLabel(org, id, 'x');
    expect(custom(afterRemove)).toEqual(['y']);
    expect(afterRemove.filter((l) => l.type === 'read-only').map((l) => l.name)).toEqual(['self-hosted', 'Linux', 'X64']);
    expect(custom(await runners.setLabels(org, id, []))).toEqual([]);
  });

  it('names the scope and status when a label is not on the runner', async () => {
    const { id } = sim.addRunner('repo:acme/widgets', { name: 'lane-l' });
    await expect(runners.removeLabel(repo, id, 'nope')).rejects.toThrow(/repo:acme\/widgets failed with HTTP 404/);
  });
});

describe('tokens and JIT configuration', () => {
  it('wraps every secret, hands it to onSecret, and never prints it', async () => {
    const { output } = await captureOutput(async () => {
      const registration = await runners.createRegistrationToken(repo);
      const second = await runners.createRegistrationToken(org);
      const jit = await runners.generateJitConfig(org, { name: 'jit-1', runnerGroupId: 1, labels: ['lanekeeper-managed'], workFolder: '_work' });
      // What careless code might do with the results.
      console.log(registration, second, jit);
      console.log(JSON.stringify({ registration, second, jit }));
      console.error(`token: ${registration.token} ${String(second.token)}`);
      process.stdout.write(inspect(jit, { depth: 10 }));
      expect(registration.token.reveal()).toMatch(/^A[A-Z0-9]{28}$/);
      expect(Date.parse(registration.expiresAt) - sim.clock.now().getTime()).toBeGreaterThan(59 * 60 * 1000);
      expect(jit.runner).toMatchObject({ name: 'jit-1', status: 'offline', busy: false });
      expect(masked).toEqual([registration.token.reveal(), second.token.reveal(), jit.encodedJitConfig.reveal()]);
      return { registration, second, jit };
    });
    expect(output).toContain('***');
    const evidence = JSON.stringify(runners.evidence());
    expect(runners.evidence().map((e) => e.route)).toEqual([
      '/repos/{owner}/{repo}/actions/runners/registration-token',
      '/orgs/{org}/actions/runners/registration-token',
      '/orgs/{org}/actions/runners/generate-jitconfig',
    ]);
    expect(runners.evidence().every((e) => e.status === 201 && /^[0-9A-F:]+$/.test(e.requestId ?? ''))).toBe(true);
    assertNoLeakedTokens([...sim.issuedTokens(), DEFAULT_SIM_TOKEN], [output, evidence]);
    expect(sim.issuedTokens().length).toBeGreaterThanOrEqual(3);
  });

  it('catches a leak when there is one', () => {
    expect(() => assertNoLeakedTokens(['ABCDEFGHIJKLMNOPQRSTUVWXYZ012'], ['log: ABCDEFGHIJKLMNOPQRSTUVWXYZ012'])).toThrow(/leaked/);
  });

  it('refuses a JIT runner whose name exists (409)', async () => {
    sim.addRunner('repo:acme/widgets', { name: 'taken' });
    await expect(runners.generateJitConfig(repo, { name: 'taken', runnerGroupId: 1, labels: ['x'] })).rejects.toThrow(/HTTP 409/);
  });
});

describe('authentication', () => {
  it('explains a rejected token without printing it', async () => {
    const badToken = 'ghp_NotTheRightTokenAtAll000000000000000';
    const rejected = new OctokitGitHubRunners(simClient(sim, { token: badToken }), { onSecret: () => undefined });
    const error = (await rejected.listRunners(org).catch((e: unknown) => e)) as GitHubApiError;
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/org:acme-corp failed with HTTP 401: Bad credentials\. The token is missing, invalid or expired/);
    assertNoLeakedTokens([badToken], [error.message, inspect(error), JSON.stringify(rejected.evidence())]);
  });

  it('hints at the permission a 403 needs, per scope kind', () => {
    expect(GitHubApiError.hint(repo, 403)).toContain('"Administration" repository permission (read and write) on acme/widgets');
    expect(GitHubApiError.hint(org, 403)).toContain('"Self-hosted runners" organization permission (read and write) on acme-corp');
  });
});

describe('listRunnerGroupAccess and listRunnerGroupRepositories', () => {
  it('reads who may use each group, and the repositories a selected group admits', async () => {
    const id = sim.store.addOrgGroup('acme-corp', 'lanekeeper-ops', {
      visibility: 'selected',
      selectedRepositories: ['acme-corp/ops', 'acme-corp/web'],
      restrictedToWorkflows: true,
      selectedWorkflows: ['acme-corp/lanekeeper/.github/workflows/lanes-reusable.yml@main'],
    });
    expect(await runners.listRunnerGroupAccess('acme-corp')).toEqual([
      { id: 1, name: 'Default', visibility: 'all', allowsPublicRepositories: false, restrictedToWorkflows: false, selectedWorkflows: [] },
      { id, name: 'lanekeeper-ops', visibility: 'selected', allowsPublicRepositories: false, restrictedToWorkflows: true, selectedWorkflows: ['acme-corp/lanekeeper/.github/workflows/lanes-reusable.yml@main'] },
    ]);
    expect(await runners.listRunnerGroupRepositories('acme-corp', id)).toEqual(['acme-corp/ops', 'acme-corp/web']);
    expect(runners.evidence().map((e) => [e.method, e.route, e.status])).toEqual([['GET', '/orgs/{org}/actions/runner-groups', 200], ['GET', '/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories', 200]]);
  });

  it('a 403 is a GitHubApiError with its status, for the caller to turn into a warning', async () => {
    sim.addFault({ path: /\/actions\/runner-groups$/, effect: { kind: 'status', status: 403, message: 'Resource not accessible by integration' } });
    const error = await runners.listRunnerGroupAccess('acme-corp').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
  });
});

describe('listRunnerGroups', () => {
  it('lists an organisation runner groups, Default first, checked against the OpenAPI description', async () => {
    expect(await runners.listRunnerGroups('acme-corp')).toEqual(['Default']);
    sim.store.addOrgGroup('acme-corp', 'builders');
    expect(await runners.listRunnerGroups('acme-corp')).toEqual(['Default', 'builders']);
  });

  it('the inventory records an organisation scope runner groups, and none for a repository', async () => {
    sim.store.addOrgGroup('acme-corp', 'builders');
    const { observeGitHub } = await import('../../src/github/inventory.js');
    const observed = await observeGitHub([repo, org], runners);
    expect(observed.map((o) => [o.scope, o.runnerGroups])).toEqual([
      ['org:acme-corp', ['Default', 'builders']],
      ['repo:acme/widgets', undefined],
    ]);
  });
});

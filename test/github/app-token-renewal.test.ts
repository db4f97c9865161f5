// With app-id and app-private-key, the action mints the App installation token itself, for the
// lanes' one owner with only the permissions the command needs, and renews it before its hour
// ends: an apply that runs two hours never sends an expired token. Driven through
// githubFromInputs, the adapter the inventory and apply commands use, against the simulator's App.
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { githubFromInputs } from '../../src/commands/adapters.js';
import { Inputs } from '../../src/constants.js';
import { SimGitHubApp } from '../../src/sim/app-installations.js';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { recordingIO } from '../audit/support/recording-io.js';

let sim: GitHubSimulator;
let app: SimGitHubApp;
beforeAll(async () => {
  sim = new GitHubSimulator();
  app = new SimGitHubApp(sim);
  sim.use(app.handler);
  app.install('acme', 'Organization');
  app.install('octo', 'User');
  sim.addRunner('repo:acme/api', { name: 'api-1', status: 'online', labels: ['lanekeeper-managed'] });
  sim.addRunner('repo:octo/tools', { name: 'tools-1', status: 'online', labels: ['lanekeeper-managed'] });
  await sim.start();
});
afterAll(async () => {
  vi.useRealTimers();
  await sim?.stop();
});

const io = () => recordingIO({}, { [Inputs.AppId]: app.appId, [Inputs.AppPrivateKey]: app.privateKeyPem, [Inputs.GitHubApiUrl]: sim.url });

test('inventory asks for read only; a user account is found too; organisation lanes get organization_self_hosted_runners', async () => {
  const first = app.minted.length;
  await githubFromInputs(io(), { owners: ['octo'], repositories: ['tools'], organizations: false, write: false }).listRunners({ kind: 'repository', owner: 'octo', repo: 'tools' });
  expect(app.minted[first]).toMatchObject({ repositories: ['tools'], permissions: { administration: 'read' } });
  await githubFromInputs(io(), { owners: ['acme'], repositories: [], organizations: true, write: false }).listRunners({ kind: 'organization', org: 'acme' });
  expect(app.minted[first + 1]).toMatchObject({ repositories: null, permissions: { organization_self_hosted_runners: 'read' } });
});

test('lanes of several owners, or an App not installed on the owner, are refused with the fix', async () => {
  expect(() => githubFromInputs(io(), { owners: ['acme', 'octo'], repositories: ['api', 'tools'], organizations: false, write: true })).toThrow(/several owners \(acme, octo\).*"token"/);
  const github = githubFromInputs(io(), { owners: ['globex'], repositories: ['x'], organizations: false, write: false });
  await expect(github.listRunners({ kind: 'repository', owner: 'globex', repo: 'x' })).rejects.toThrow(/installation for globex was not found.*install the App on globex/);
  expect(() => githubFromInputs(recordingIO({}, { [Inputs.AppId]: '1' }), { owners: ['acme'], repositories: [], organizations: true, write: false })).toThrow(/both "app-id" and "app-private-key"/);
});

// Last: it moves the clock forward (the throttling plugin's schedule is process-wide, so time never goes back).
test('apply: one token for the owner, administration write on its lane repositories, renewed before the hour ends', async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  const recording = io();
  const github = githubFromInputs(recording, { owners: ['acme'], repositories: ['api'], organizations: false, write: true });
  const scope = { kind: 'repository' as const, owner: 'acme', repo: 'api' };
  const first = app.minted.length;
  expect((await github.listRunners(scope)).map((r) => r.name)).toEqual(['api-1']);
  expect(app.minted.slice(first)).toHaveLength(1);
  expect(app.minted[first]).toMatchObject({ repositories: ['api'], permissions: { administration: 'write' } });
  // 45 minutes in: the token has 15 minutes left, it is kept.
  vi.setSystemTime(Date.now() + 45 * 60_000);
  await github.listRunners(scope);
  expect(app.minted.slice(first)).toHaveLength(1);
  // 51 minutes in: 9 minutes left, under the 10-minute margin: a new token, masked like the first.
  vi.setSystemTime(Date.now() + 6 * 60_000);
  await github.listRunners(scope);
  expect(app.minted.slice(first)).toHaveLength(2);
  // 2 hours in (an apply with a long drain): still working, on a third token.
  vi.setSystemTime(Date.now() + 69 * 60_000);
  expect((await github.listRunners(scope)).map((r) => r.name)).toEqual(['api-1']);
  const tokens = app.minted.slice(first).map((m) => m.token);
  expect(tokens).toHaveLength(3);
  for (const t of tokens) expect(recording.secrets).toContain(t);
  expect(recording.secrets).toContain(app.privateKeyPem.trim());
  // The first token is long dead: had it been kept, the call would have failed.
  const stale = await fetch(`${sim.url}/repos/acme/api/actions/runners`, { headers: { authorization: `token ${tokens[0]}` } });
  expect(stale.status).toBe(401);
});

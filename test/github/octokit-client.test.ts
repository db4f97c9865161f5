import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitHubClient, resolveApiUrl } from '../../src/github/octokit-client.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import { DEFAULT_SIM_TOKEN, type GitHubSimulator } from '../../src/sim/github-simulator.js';
import { startCheckedSimulator } from '../support/github-sim.js';

let sim: GitHubSimulator;
beforeAll(async () => {
  sim = await startCheckedSimulator();
});
afterAll(async () => {
  expect(sim.violations()).toEqual([]);
  await sim.stop();
});

it('takes the API URL from the input, else GITHUB_API_URL, else api.github.com', () => {
  expect(resolveApiUrl('https://ghe.example.com/api/v3/', { GITHUB_API_URL: 'https://other' })).toBe('https://ghe.example.com/api/v3');
  expect(resolveApiUrl('  ', { GITHUB_API_URL: 'https://ghe.example.com/api/v3' })).toBe('https://ghe.example.com/api/v3');
  expect(resolveApiUrl(undefined, {})).toBe('https://api.github.com');
});

it('spaces mutating requests a second apart unless told not to, as GitHub asks', async () => {
  const scope = { kind: 'organization', org: 'acme' } as const;
  const paced = new OctokitGitHubRunners(createGitHubClient({ token: DEFAULT_SIM_TOKEN, baseUrl: sim.url }), { onSecret: () => undefined });
  const started = Date.now();
  await paced.createRegistrationToken(scope);
  await paced.createRegistrationToken(scope);
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  // Reads are not spaced, and the client sends the token it was given.
  await paced.listRunners(scope);
  expect(sim.requests().map((r) => r.status)).toEqual([201, 201, 200]);
});

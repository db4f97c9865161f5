import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from '../../src/github/octokit-client.js';
import { DEFAULT_SIM_TOKEN, GitHubSimulator, type GitHubSimulatorOptions } from '../../src/sim/github-simulator.js';
import { checkGitHubResponse } from '../../src/sim/openapi-conformance.js';

/** A started simulator that checks every GitHub response against the OpenAPI description. */
export async function startCheckedSimulator(options: GitHubSimulatorOptions = {}): Promise<GitHubSimulator> {
  const sim = new GitHubSimulator({ validate: checkGitHubResponse, ...options });
  await sim.start();
  return sim;
}

/** The real Octokit stack (retry + throttling) pointed at the simulator, with waits shrunk 100-fold. */
export function simClient(sim: GitHubSimulator, overrides: Partial<GitHubClientOptions> = {}): GitHubClient {
  return createGitHubClient({
    token: DEFAULT_SIM_TOKEN,
    baseUrl: sim.url,
    waitScale: 0.01,
    spaceWrites: false,
    ...overrides,
  });
}

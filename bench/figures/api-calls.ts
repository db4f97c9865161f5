/**
 * API calls for a full inventory of 10,000 runners over 500 repositories and 5 organisations,
 * through the real Octokit stack (retries, throttling) against the simulator, counted from the
 * simulator's request log and compared with the lower bound Σ max(1, ceil(runners / 100)).
 */
import { performance } from 'node:perf_hooks';
import { observeGitHub } from '../../src/github/inventory.js';
import { createGitHubClient } from '../../src/github/octokit-client.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import { parseScopeKey } from '../../src/policy/types.js';
import { DEFAULT_SIM_TOKEN, GitHubSimulator } from '../../src/sim/github-simulator.js';
import { inventoryLoad } from '../fixtures.js';
import { figure, listCallsLowerBound, median, type Figure, type FigureSpec } from '../report.js';

export const API_CALLS: FigureSpec = { name: 'inventory API calls / lower bound', unit: 'ratio', target: { op: 'eq', limit: 1 } };

const LIST_ROUTE = /^\/(repos\/[^/]+\/[^/]+|orgs\/[^/]+)\/actions\/runners$/;

export async function measureApiCalls(repetitions: number): Promise<Figure> {
  const load = inventoryLoad();
  const sim = new GitHubSimulator();
  await sim.start();
  try {
    for (const { scope, runners } of load) {
      sim.addRunners(scope, runners, { namePrefix: 'lane', labels: ['lanekeeper-managed'] });
    }
    const scopes = load.map((l) => parseScopeKey(l.scope));
    const total = load.reduce((n, l) => n + l.runners, 0);
    const bound = listCallsLowerBound(load.map((l) => l.runners));

    const calls: number[] = [];
    const allRequests: number[] = [];
    const wallMs: number[] = [];
    let listed = 0;
    let failedScopes = 0;
    for (let i = 0; i < repetitions; i++) {
      // A fresh client each time, as each inventory job makes its own.
      const octokit = createGitHubClient({ token: DEFAULT_SIM_TOKEN, baseUrl: sim.url, spaceWrites: false });
      const github = new OctokitGitHubRunners(octokit, { onSecret: () => undefined });
      sim.clearRequests();
      const started = performance.now();
      const observed = await observeGitHub(scopes, github);
      wallMs.push(performance.now() - started);
      calls.push(sim.requestCount({ method: 'GET', path: LIST_ROUTE }));
      allRequests.push(sim.requests().length);
      listed = observed.reduce((n, s) => n + s.runners.length, 0);
      failedScopes = observed.filter((s) => s.error).length;
    }
    if (listed !== total || failedScopes > 0) {
      throw new Error(`the inventory listed ${listed} of ${total} runners (${failedScopes} scopes failed)`);
    }
    const value = median(calls) / bound;
    return figure(API_CALLS, value, repetitions, {
      note: `${median(calls)} calls, lower bound ${bound}`,
      apiCalls: median(calls),
      lowerBound: bound,
      lowerBoundFormula: 'sum over scopes of max(1, ceil(runners / 100)): one page per 100 runners, and one call for an empty scope',
      allRequestsToSimulator: median(allRequests),
      callsPerRun: calls,
      runners: total,
      runnersListed: listed,
      scopes: { total: load.length, empty: load.filter((l) => l.runners === 0).length, overOnePage: load.filter((l) => l.runners > 100).length, largest: Math.max(...load.map((l) => l.runners)) },
      inventoryWallMsMedian: Math.round(median(wallMs)),
      stack: 'observeGitHub → OctokitGitHubRunners → createGitHubClient (retry + throttling, spaceWrites: false) → simulator',
    });
  } finally {
    await sim.stop();
  }
}

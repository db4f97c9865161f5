import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError } from '../../src/github/errors.js';
import { DEFAULT_RETRIES } from '../../src/github/octokit-client.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import type { Scope } from '../../src/policy/types.js';
import type { FaultEffect } from '../../src/sim/faults.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { startCheckedSimulator, simClient } from '../support/github-sim.js';

const repo: Scope = { kind: 'repository', owner: 'acme', repo: 'widgets' };
const org: Scope = { kind: 'organization', org: 'acme-corp' };
const listPath = /\/actions\/runners$/;

let sim: GitHubSimulator;
let log: string[];
let runners: OctokitGitHubRunners;

beforeAll(async () => {
  sim = await startCheckedSimulator();
});
afterAll(async () => {
  expect(sim.violations()).toEqual([]);
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  log = [];
  runners = new OctokitGitHubRunners(simClient(sim, { log: (m) => log.push(m) }), { onSecret: () => undefined });
  sim.addRunners('repo:acme/widgets', 150);
});

describe('transient faults are retried and the listing completes', () => {
  it.each<[string, FaultEffect]>([
    ['500', { kind: 'status', status: 500 }],
    ['502', { kind: 'status', status: 502 }],
    ['429 with retry-after', { kind: 'secondary-rate-limit', retryAfterSeconds: 1 }],
    ['403 with x-ratelimit-remaining 0', { kind: 'rate-limit', resetAfterSeconds: 1 }],
    ['a connection reset', { kind: 'reset' }],
  ])('%s on the second page, twice', async (_name, effect) => {
    sim.addFault({ method: 'GET', path: listPath, after: 1, times: 2, effect });
    const listed = await runners.listRunners(repo);
    expect(listed).toHaveLength(150);
    // Page 1, two failed attempts at page 2, then page 2.
    expect(sim.requestCount({ method: 'GET', path: listPath })).toBe(4);
    expect(sim.requests().filter((r) => r.fault).length).toBe(2);
  });

  it('logs rate-limit waits and honours the headers', async () => {
    sim.addFault({ method: 'GET', path: listPath, times: 1, effect: { kind: 'secondary-rate-limit', retryAfterSeconds: 2 } });
    await runners.listRunners(repo);
    expect(log).toEqual([expect.stringMatching(/secondary rate limit on GET .*; retry 1 of 3 in 2s/)]);
  });

  it('retries a failed write too', async () => {
    sim.addFault({ method: 'POST', path: /registration-token$/, times: 1, effect: { kind: 'status', status: 502 } });
    const token = await runners.createRegistrationToken(repo);
    expect(token.token.reveal()).toMatch(/^A/);
    expect(sim.requestCount({ method: 'POST' })).toBe(2);
  });

  it('waits out a slow answer', async () => {
    sim.addFault({ method: 'GET', path: listPath, times: 1, effect: { kind: 'delay', ms: 150 } });
    await runners.listRunners(repo);
    expect(runners.evidence()[0]!.durationMs).toBeGreaterThanOrEqual(140);
  });
});

describe('persistent faults fail with the scope and status', () => {
  it.each<[string, FaultEffect, RegExp]>([
    ['502', { kind: 'status', status: 502 }, /GitHub GET \/orgs\/\{org\}\/actions\/runners for org:acme-corp failed with HTTP 502: Server Error\. GitHub kept failing/],
    ['429', { kind: 'secondary-rate-limit', retryAfterSeconds: 1 }, /org:acme-corp failed with HTTP 429: You have exceeded a secondary rate limit.*rate-limited/],
    ['403 rate limit', { kind: 'rate-limit', resetAfterSeconds: 1 }, /org:acme-corp failed with HTTP 403: API rate limit exceeded.*rate-limited/],
    ['reset', { kind: 'reset' }, /org:acme-corp failed with no answer: .*github-api-url/],
  ])('%s', async (_name, effect, message) => {
    sim.addFault({ path: /^\/orgs\/acme-corp\//, effect });
    const error = (await runners.listRunners(org).catch((e: unknown) => e)) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.message).toMatch(message);
    expect(error.scope).toBe('org:acme-corp');
    // One attempt and the bounded retries, no more.
    expect(sim.requestCount({ path: /^\/orgs\/acme-corp\// })).toBe(DEFAULT_RETRIES + 1);
    expect(runners.evidence().at(-1)).toMatchObject({ method: 'GET', route: '/orgs/{org}/actions/runners' });
  });

  it('does not retry a rejected token (401)', async () => {
    const rejected = new OctokitGitHubRunners(simClient(sim, { token: 'wrong' }), { onSecret: () => undefined });
    await expect(rejected.listRunners(repo)).rejects.toThrow(/HTTP 401/);
    expect(sim.requestCount()).toBe(1);
  });

  it('does not retry a 403 that is not a rate limit, and names the permission to grant', async () => {
    sim.addFault({ path: listPath, effect: { kind: 'status', status: 403 } });
    await expect(runners.listRunners(repo)).rejects.toThrow(
      /repo:acme\/widgets failed with HTTP 403: Resource not accessible by integration\. Forbidden: the token needs the "Administration" repository permission \(read and write\) on acme\/widgets/,
    );
    expect(sim.requestCount()).toBe(1);
  });

  it('gives up on a rate limit that resets later than it may wait', async () => {
    sim.addFault({ path: listPath, effect: { kind: 'rate-limit', resetAfterSeconds: 3_600 } });
    const slow = new OctokitGitHubRunners(simClient(sim, { log: (m) => log.push(m) }), { onSecret: () => undefined });
    await expect(slow.listRunners(repo)).rejects.toThrow(/HTTP 403/);
    expect(sim.requestCount({ path: listPath })).toBe(1);
    expect(log.join('\n')).toMatch(/giving up/);
  });
});

import { describe, expect, it } from 'vitest';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { checkGitHubResponse } from '../../src/sim/openapi-conformance.js';

const runner = { id: 7, name: 'lane', os: 'Linux', status: 'online', busy: false, labels: [{ id: 1, name: 'self-hosted', type: 'read-only' }] };

describe('checkGitHubResponse', () => {
  it('accepts what GitHub documents, for repository and organisation routes', () => {
    expect(checkGitHubResponse({ method: 'GET', path: '/repos/a/b/actions/runners?page=2', status: 200, body: { total_count: 1, runners: [runner] } })).toEqual([]);
    expect(checkGitHubResponse({ method: 'GET', path: '/orgs/a/actions/runners/7', status: 200, body: { ...runner, version: null } })).toEqual([]);
    expect(checkGitHubResponse({ method: 'DELETE', path: '/orgs/a/actions/runners/7', status: 204, body: undefined })).toEqual([]);
    expect(checkGitHubResponse({ method: 'POST', path: '/orgs/a/actions/runners/remove-token', status: 201, body: { token: 'A', expires_at: '2026-01-01T00:00:00Z' } })).toEqual([]);
    // Statuses an operation does not list (401, 429, 5xx) carry GitHub's basic error.
    expect(checkGitHubResponse({ method: 'GET', path: '/orgs/a/actions/runners', status: 502, body: { message: 'Server Error' } })).toEqual([]);
  });

  it('catches a malformed body', () => {
    const problems = checkGitHubResponse({
      method: 'GET',
      path: '/repos/a/b/actions/runners',
      status: 200,
      body: { total_count: '1', runners: [{ ...runner, id: '7', status: undefined, labels: [{ name: 'x', type: 'sticky' }] }] },
    });
    expect(problems).toEqual([
      expect.stringContaining('actions/list-self-hosted-runners-for-repo /total_count must be integer'),
      expect.stringContaining("/runners/0 must have required property 'status'"),
      expect.stringContaining('/runners/0/id must be integer'),
      expect.stringContaining('/runners/0/labels/0/type must be equal to one of the allowed values'),
    ]);
  });

  it('catches bad formats, missing bodies, undocumented statuses and unknown routes', () => {
    expect(checkGitHubResponse({ method: 'POST', path: '/repos/a/b/actions/runners/registration-token', status: 201, body: { token: 'A', expires_at: 'tomorrow' } })).toEqual([
      expect.stringContaining('/expires_at must match format "date-time"'),
    ]);
    expect(checkGitHubResponse({ method: 'GET', path: '/orgs/a/actions/runners/7/labels', status: 200, body: undefined })).toEqual([expect.stringContaining('with a JSON body')]);
    expect(checkGitHubResponse({ method: 'DELETE', path: '/orgs/a/actions/runners/7', status: 204, body: {} })).toEqual([expect.stringContaining('without a body')]);
    expect(checkGitHubResponse({ method: 'DELETE', path: '/orgs/a/actions/runners/7', status: 200, body: {} })).toEqual([expect.stringContaining('does not answer 200')]);
    expect(checkGitHubResponse({ method: 'GET', path: '/orgs/a/runners', status: 200, body: {} })).toEqual([expect.stringContaining('no operation')]);
  });

  it('is what the simulator records as violations', async () => {
    // A check that holds the simulator to a different status shows the recording path works.
    const sim = new GitHubSimulator({ validate: (exchange) => checkGitHubResponse({ ...exchange, status: 299 }) });
    const { url } = await sim.start();
    try {
      await fetch(`${url}/orgs/a/actions/runners`);
      expect(sim.violations()).toMatchObject([{ method: 'GET', path: '/orgs/a/actions/runners', status: 401, problems: [expect.stringContaining('does not answer 299')] }]);
    } finally {
      await sim.stop();
    }
  });
});

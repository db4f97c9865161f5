import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_TOKEN, GitHubSimulator } from '../../src/sim/github-simulator.js';
import { checkGitHubResponse } from '../../src/sim/openapi-conformance.js';
import { HEARTBEAT_TTL_MS, TOKEN_TTL_MS } from '../../src/sim/runner-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { startCheckedSimulator } from '../support/github-sim.js';

let sim: GitHubSimulator;
const clock = new ManualClock('2026-03-01T12:00:00Z');

beforeAll(async () => {
  sim = await startCheckedSimulator({ clock });
});
afterAll(async () => {
  expect(sim.checkedResponses()).toBeGreaterThan(20);
  expect(sim.violations()).toEqual([]);
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  clock.set('2026-03-01T12:00:00Z');
});

async function api(method: string, path: string, body?: unknown, token: string | null = DEFAULT_SIM_TOKEN) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const standIn = (verb: string, body: unknown) => api('POST', `/_sim/runner/${verb}`, body, null);
const control = (method: string, path: string, body?: unknown) => api(method, `/_sim/control${path}`, body, null);

describe('runner groups', () => {
  it('serve their access fields, the repositories a selected group admits and the runners in it', async () => {
    const id = sim.store.addOrgGroup('acme', 'lanekeeper-ops', { visibility: 'selected', selectedRepositories: ['acme/ops'], restrictedToWorkflows: true, selectedWorkflows: ['acme/lk/.github/workflows/lanes-reusable.yml@main'] });
    const inGroup = sim.addRunner('org:acme', { name: 'ops-1', status: 'online', labels: ['lanekeeper-ops'], runnerGroupId: id });
    sim.addRunner('org:acme', { name: 'other' });
    const list = await api('GET', '/orgs/acme/actions/runner-groups');
    expect(list.body!['runner_groups']).toEqual([
      expect.objectContaining({ id: 1, name: 'Default', visibility: 'all', default: true, restricted_to_workflows: false, selected_workflows: [] }),
      expect.objectContaining({
        id,
        name: 'lanekeeper-ops',
        visibility: 'selected',
        default: false,
        selected_repositories_url: `${sim.url}/orgs/acme/actions/runner-groups/${id}/repositories`,
        allows_public_repositories: false,
        restricted_to_workflows: true,
        selected_workflows: ['acme/lk/.github/workflows/lanes-reusable.yml@main'],
      }),
    ]);
    expect(list.body!['runner_groups'][0]).not.toHaveProperty('selected_repositories_url');
    expect((await api('GET', `/orgs/acme/actions/runner-groups/${id}`)).body).toMatchObject({ id, name: 'lanekeeper-ops' });
    const repos = await api('GET', `/orgs/acme/actions/runner-groups/${id}/repositories`);
    expect(repos.body).toMatchObject({ total_count: 1, repositories: [{ full_name: 'acme/ops', name: 'ops', owner: { login: 'acme' } }] });
    const inIt = await api('GET', `/orgs/acme/actions/runner-groups/${id}/runners`);
    expect(inIt.body).toMatchObject({ total_count: 1, runners: [{ id: inGroup.id, name: 'ops-1', runner_group_id: id }] });
    expect((await api('GET', '/orgs/acme/actions/runner-groups/1/repositories')).body).toEqual({ total_count: 0, repositories: [] });
    expect((await api('GET', '/orgs/acme/actions/runner-groups/999/runners')).status).toBe(404);
    expect((await api('GET', `/orgs/acme/actions/runner-groups/${id}/repositories`, undefined, null)).status).toBe(401);
  });
});

describe('REST surface', () => {
  it('paginates with absolute Link headers in the order GitHub sends them', async () => {
    sim.addRunners('repo:acme/widgets', 250);
    const base = `${sim.url}/repos/acme/widgets/actions/runners?per_page=100`;
    const first = await api('GET', '/repos/acme/widgets/actions/runners?per_page=100');
    expect(first.body).toMatchObject({ total_count: 250, runners: { length: 100 } });
    expect(first.headers.get('link')).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    const middle = await api('GET', '/repos/acme/widgets/actions/runners?per_page=100&page=2');
    expect(middle.headers.get('link')).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );
    const last = await api('GET', '/repos/acme/widgets/actions/runners?per_page=100&page=3');
    expect(last.body!['runners']).toHaveLength(50);
    expect(last.headers.get('link')).toBe(`<${base}&page=2>; rel="prev", <${base}&page=1>; rel="first"`);
    const beyond = await api('GET', '/repos/acme/widgets/actions/runners?per_page=100&page=9');
    expect(beyond.body).toMatchObject({ total_count: 250, runners: [] });
  });

  it('defaults to 30 per page, caps at 100, and has no Link header for one page', async () => {
    sim.addRunners('org:acme', 120);
    expect((await api('GET', '/orgs/acme/actions/runners')).body!['runners']).toHaveLength(30);
    expect((await api('GET', '/orgs/acme/actions/runners?per_page=500')).body!['runners']).toHaveLength(100);
    sim.reset();
    sim.addRunners('org:acme', 3);
    expect((await api('GET', '/orgs/acme/actions/runners')).headers.get('link')).toBeNull();
  });

  it('filters by name', async () => {
    sim.addRunners('org:acme', 3, { namePrefix: 'lane' });
    expect((await api('GET', '/orgs/acme/actions/runners?name=lane-2')).body).toMatchObject({ total_count: 1, runners: [{ name: 'lane-2' }] });
  });

  it('requires a known token as Bearer or token', async () => {
    expect((await api('GET', '/orgs/acme/actions/runners', undefined, null)).status).toBe(401);
    expect((await api('GET', '/orgs/acme/actions/runners', undefined, 'ghp_other')).body).toMatchObject({ message: 'Bad credentials' });
    const viaToken = await fetch(`${sim.url}/orgs/acme/actions/runners`, { headers: { authorization: `token ${DEFAULT_SIM_TOKEN}` } });
    expect(viaToken.status).toBe(200);
  });

  it('sends a request id and rate-limit headers that count down', async () => {
    const one = await api('GET', '/orgs/acme/actions/runners');
    const two = await api('GET', '/orgs/acme/actions/runners');
    expect(one.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{6}:[0-9A-F]{6}:[0-9A-F]{8}$/);
    expect(one.headers.get('x-github-request-id')).not.toBe(two.headers.get('x-github-request-id'));
    expect(Number(one.headers.get('x-ratelimit-remaining')) - Number(two.headers.get('x-ratelimit-remaining'))).toBe(1);
    expect(Number(one.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((clock.now().getTime() + 3_600_000) / 1000));
  });

  it('answers 404 for unknown runners and routes', async () => {
    expect((await api('GET', '/repos/acme/widgets/actions/runners/12345')).status).toBe(404);
    expect((await api('PATCH', '/repos/acme/widgets/actions/runners')).status).toBe(404);
    expect((await api('DELETE', '/repos/acme/widgets/actions/runners/12345')).status).toBe(404);
    expect((await api('GET', '/nothing/here', undefined)).status).toBe(404);
  });

  it('manages custom labels and keeps the read-only ones', async () => {
    const { id } = sim.addRunner('org:acme', { name: 'lane', labels: ['a', 'b'] });
    const labels = `/orgs/acme/actions/runners/${id}/labels`;
    expect((await api('POST', labels, { labels: [] })).status).toBe(422);
    expect((await api('PUT', labels, { labels: 'x' })).status).toBe(422);
    expect((await api('POST', labels, { labels: ['c', 'a'] })).body!['total_count']).toBe(6);
    const cleared = await api('DELETE', labels);
    expect(cleared.body).toMatchObject({ total_count: 3, labels: [{ type: 'read-only' }, { type: 'read-only' }, { type: 'read-only' }] });
    expect((await api('DELETE', `${labels}/self-hosted`)).status).toBe(404);
    expect((await api('GET', labels)).body!['total_count']).toBe(3);
  });

  it('refuses to delete a busy runner (422) and deletes it once idle', async () => {
    const { id } = sim.addRunner('repo:acme/widgets', { name: 'lane', status: 'online' });
    sim.assignJob(id, 10_000);
    expect((await api('DELETE', `/repos/acme/widgets/actions/runners/${id}`)).status).toBe(422);
    clock.advance(10_001);
    expect((await api('GET', `/repos/acme/widgets/actions/runners/${id}`)).body).toMatchObject({ busy: false, status: 'online' });
    expect((await api('DELETE', `/repos/acme/widgets/actions/runners/${id}`)).status).toBe(204);
  });

  it('generates a JIT configuration that creates the runner', async () => {
    const answer = await api('POST', '/repos/acme/widgets/actions/runners/generate-jitconfig', { name: 'jit', runner_group_id: 1, labels: ['x'] });
    expect(answer.status).toBe(201);
    const files = JSON.parse(Buffer.from(answer.body!['encoded_jit_config'] as string, 'base64').toString()) as Record<string, string>;
    expect(Object.keys(files)).toEqual(['.runner', '.credentials', '.credentials_rsaparams']);
    expect(sim.runners('repo:acme/widgets').map((r) => r.name)).toEqual(['jit']);
    expect(sim.issuedTokens()).toContain(answer.body!['encoded_jit_config']);
    expect((await api('POST', '/repos/acme/widgets/actions/runners/generate-jitconfig', { name: 'jit', labels: [] })).status).toBe(422);
  });
});

describe('stand-in runner protocol', () => {
  const url = 'http://github.test/acme/widgets';

  async function registered(name = 'lane-1') {
    const { body: token } = await api('POST', '/repos/acme/widgets/actions/runners/registration-token');
    const answer = await standIn('register', { url, token: token!['token'], name, labels: ['lanekeeper-managed'] });
    expect(answer.status).toBe(201);
    return answer.body as { id: number; name: string; credentials: string };
  }

  it('registers with a registration token, is online while heartbeats come, offline after 5 s', async () => {
    const runner = await registered();
    const view = () => sim.runnerView(runner.id)!;
    expect(view()).toMatchObject({ status: 'offline', busy: false, labels: [{}, {}, {}, { name: 'lanekeeper-managed', type: 'custom' }] });
    expect((await standIn('session', { id: runner.id, credentials: runner.credentials, version: '2.331.0' })).body).toEqual({ job: null });
    expect(view()).toMatchObject({ status: 'online', version: '2.331.0' });
    clock.advance(HEARTBEAT_TTL_MS);
    expect(view()['status']).toBe('offline');
    expect((await standIn('session', { id: runner.id, credentials: 'wrong' })).status).toBe(401);
  });

  it('hands an assigned job to the next heartbeat and is busy until job-done', async () => {
    const runner = await registered();
    const job = sim.assignJob(runner.id, 5_000);
    expect(sim.runnerView(runner.id)!['busy']).toBe(true);
    expect((await standIn('session', { id: runner.id, credentials: runner.credentials })).body).toEqual({ job: { id: job.id, durationMs: 5_000 } });
    expect((await standIn('session', { id: runner.id, credentials: runner.credentials })).body).toEqual({ job: null });
    clock.advance(60_000);
    expect(sim.runnerView(runner.id)!['busy']).toBe(true);
    expect((await standIn('job-done', { id: runner.id, credentials: runner.credentials, jobId: job.id })).status).toBe(204);
    expect(sim.runnerView(runner.id)!['busy']).toBe(false);
  });

  it('rejects a duplicate name unless replacing, and expired or foreign tokens', async () => {
    const first = await registered('dup');
    const { body: token } = await api('POST', '/repos/acme/widgets/actions/runners/registration-token');
    const again = { url, token: token!['token'], name: 'dup', labels: [] };
    expect((await standIn('register', again)).status).toBe(409);
    const replaced = await standIn('register', { ...again, replace: true });
    expect(replaced.status).toBe(201);
    expect(replaced.body!['id']).toBe(first.id);
    expect(sim.runners('repo:acme/widgets')).toHaveLength(1);
    expect((await standIn('session', { id: first.id, credentials: first.credentials })).status).toBe(401);
    expect((await standIn('register', { ...again, url: 'http://github.test/other-org', name: 'x' })).status).toBe(401);
    clock.advance(TOKEN_TTL_MS);
    expect((await standIn('register', { ...again, name: 'late' })).body).toEqual({ message: 'the registration token expired' });
  });

  it('unregisters with a remove token; a runner deleted on GitHub gets 404 on its next session', async () => {
    const runner = await registered('gone');
    const { body: registration } = await api('POST', '/repos/acme/widgets/actions/runners/registration-token');
    expect((await standIn('unregister', { url, token: registration!['token'], id: runner.id })).status).toBe(401);
    const { body: remove } = await api('POST', '/repos/acme/widgets/actions/runners/remove-token');
    expect(remove!['expires_at']).toBe(new Date(clock.now().getTime() + TOKEN_TTL_MS).toISOString().replace('.000', ''));
    expect((await standIn('unregister', { url, token: remove!['token'], id: runner.id })).status).toBe(204);
    expect((await standIn('unregister', { url, token: remove!['token'], id: runner.id })).status).toBe(404);

    const other = await registered('deleted-on-github');
    expect((await api('DELETE', `/repos/acme/widgets/actions/runners/${other.id}`)).status).toBe(204);
    expect((await standIn('session', { id: other.id, credentials: other.credentials })).status).toBe(404);
  });

  it('registers organisation runners into groups the organisation has, and refuses unknown ones (as config.sh does)', async () => {
    const { body: token } = await api('POST', '/orgs/acme/actions/runners/registration-token');
    const register = () => standIn('register', { url: 'http://github.test/acme', token: token!['token'], name: 'o', labels: [], runnerGroup: 'builders' });
    const unknown = await register();
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ reason: 'runner_group', message: 'Could not find any self-hosted runner group named "builders".' });
    expect(sim.runners('org:acme')).toEqual([]);
    const id = sim.store.addOrgGroup('acme', 'builders');
    const answer = await register();
    expect(answer.status).toBe(201);
    expect(sim.runners('org:acme')[0]).toMatchObject({ name: 'o', runnerGroupId: id });
  });

  it('repositories have only the Default runner group', async () => {
    sim.store.addOrgGroup('acme', 'builders');
    const { body: token } = await api('POST', '/repos/acme/widgets/actions/runners/registration-token');
    const named = (runnerGroup: string) => standIn('register', { url: 'http://github.test/acme/widgets', token: token!['token'], name: `r-${runnerGroup}`, labels: [], runnerGroup });
    expect((await named('builders')).status).toBe(404);
    expect((await named('default')).status).toBe(201);
  });

  it('routes a queued job by labels, read-only ones included, to an idle runner of the scope or its organisation', async () => {
    const plain = sim.store.add('repo:acme/widgets', { name: 'plain', labels: ['lanekeeper-managed'], noDefaultLabels: true });
    const legacy = sim.store.add('org:acme', { name: 'legacy', labels: ['lanekeeper-managed'] });
    const job = sim.store.queueJob('repo:acme/widgets', ['self-hosted', 'linux']);
    expect(sim.store.takeQueuedJob(plain)).toBeNull();
    expect(sim.store.takeQueuedJob(legacy)?.id).toBe(job.id);
    expect(sim.store.queuedJob(job.id)?.runnerId).toBe(legacy.id);
    expect(sim.store.routes(plain, 'repo:acme/other', ['lanekeeper-managed'])).toBe(false);
  });
});

describe('faults', () => {
  it('flips a runner busy at the Nth request, so a delete is refused', async () => {
    const { id } = sim.addRunner('repo:acme/widgets', { name: 'lane', status: 'online' });
    sim.addFault({ path: /\/actions\/runners\/\d+$/, after: 1, times: 1, effect: { kind: 'busy', runnerId: id, busy: true } });
    expect((await api('GET', `/repos/acme/widgets/actions/runners/${id}`)).body!['busy']).toBe(false);
    expect((await api('DELETE', `/repos/acme/widgets/actions/runners/${id}`)).status).toBe(422);
    sim.addFault({ path: /\/actions\/runners\/\d+$/, times: 1, effect: { kind: 'busy', runnerId: id, busy: false } });
    expect((await api('DELETE', `/repos/acme/widgets/actions/runners/${id}`)).status).toBe(204);
  });

  it('logs faults, answers rate limits with the real headers, and resets connections', async () => {
    sim.addFault({ method: 'GET', path: '^/orgs/', times: 1, effect: { kind: 'rate-limit', resetAfterSeconds: 30 } });
    sim.addFault({ method: 'GET', path: '^/orgs/', after: 1, times: 1, effect: { kind: 'secondary-rate-limit', retryAfterSeconds: 7 } });
    sim.addFault({ method: 'GET', path: '^/orgs/', after: 2, times: 1, effect: { kind: 'reset' } });
    const limited = await api('GET', '/orgs/acme/actions/runners');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(clock.now().getTime() / 1000 + 30);
    const secondary = await api('GET', '/orgs/acme/actions/runners');
    expect([secondary.status, secondary.headers.get('retry-after')]).toEqual([429, '7']);
    await expect(api('GET', '/orgs/acme/actions/runners')).rejects.toThrow();
    expect((await api('GET', '/orgs/acme/actions/runners')).status).toBe(200);
    expect(sim.requests().map((r) => [r.status, r.fault])).toEqual([
      [403, 'rate-limit'],
      [429, 'secondary-rate-limit'],
      [0, 'reset'],
      [200, undefined],
    ]);
    expect(sim.requests()[0]!.at).toBe(clock.now().toISOString());
  });
});

describe('control over HTTP', () => {
  it('adds runners, assigns jobs, injects faults, reads the log, moves the clock, resets', async () => {
    const added = await control('POST', '/runners', { scope: 'org:acme', count: 2, namePrefix: 'demo', status: 'online', labels: ['x'] });
    expect(added.status).toBe(201);
    const ids = (added.body!['runners'] as { id: number }[]).map((r) => r.id);
    expect((await control('POST', '/runners', { scope: 'repo:acme/w', runners: [{ name: 'one', busy: true }] })).status).toBe(201);
    expect((await control('GET', '/runners?scope=org:acme')).body!['runners']).toMatchObject([
      { scope: 'org:acme', name: 'demo-1', status: 'online', busy: false },
      { name: 'demo-2' },
    ]);
    expect((await control('POST', '/jobs', { runnerId: ids[0], durationMs: 1_000 })).status).toBe(201);
    expect(sim.runnerView(ids[0]!)!['busy']).toBe(true);
    const now = (await control('POST', '/clock', { advanceMs: 2_000 })).body!['now'] as string;
    expect(now).toBe(sim.clock.now().toISOString());
    expect(sim.runnerView(ids[0]!)!['busy']).toBe(false);
    expect((await control('POST', '/faults', { method: 'GET', path: '^/orgs/acme/', times: 1, effect: { kind: 'status', status: 502 } })).status).toBe(201);
    expect((await api('GET', '/orgs/acme/actions/runners')).status).toBe(502);
    expect((await control('GET', '/requests')).body!['requests']).toMatchObject([{ method: 'GET', path: '/orgs/acme/actions/runners', status: 502, fault: 'status' }]);
    await api('POST', '/orgs/acme/actions/runners/registration-token');
    expect((await control('GET', '/tokens')).body!['tokens']).toEqual(sim.issuedTokens());
    expect((await control('DELETE', '/requests')).status).toBe(204);
    expect(sim.requests()).toEqual([]);
    expect((await control('POST', '/reset')).status).toBe(204);
    expect(sim.runners()).toEqual([]);
    expect((await control('POST', '/runners', { scope: 'nonsense', count: 1 })).status).toBe(400);
    expect((await control('GET', '/nope')).status).toBe(404);
  });
});

describe('pluggable routes', () => {
  it('tries added handlers before the built-in routes, after faults', async () => {
    const own = new GitHubSimulator({ validate: checkGitHubResponse });
    own.use(async (req, res, { url, body }) => {
      if (!url.pathname.startsWith('/twirp/')) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, echoed: body.toString() }));
      return true;
    });
    const { url } = await own.start();
    try {
      const answer = await fetch(`${url}/twirp/Service/Call`, { method: 'POST', body: 'hello' });
      expect(await answer.json()).toEqual({ method: 'POST', echoed: 'hello' });
      own.addFault({ path: '^/twirp/', times: 1, effect: { kind: 'status', status: 500 } });
      expect((await fetch(`${url}/twirp/Service/Call`, { method: 'POST' })).status).toBe(500);
      expect((await fetch(`${url}/orgs/acme/actions/runners`)).status).toBe(401);
      expect(own.requestCount({ path: /^\/twirp\// })).toBe(2);
      // Only GitHub's own routes are held to GitHub's description.
      expect([own.checkedResponses(), own.violations()]).toEqual([1, []]);
    } finally {
      await own.stop();
    }
  });
});

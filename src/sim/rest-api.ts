import { randomBytes } from 'node:crypto';
import type { ScopeKey } from '../policy/types.js';
import { parseJsonObject, stringArray } from './http.js';
import type { RunnerStore, SimRunner } from './runner-store.js';

const DOCS = 'https://docs.github.com/rest/actions/self-hosted-runners';
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** How a REST handler answers; the simulator adds GitHub's headers and checks the body. */
export interface RestReply {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  empty(status: number): void;
}

export interface RestRequest {
  readonly method: string;
  readonly url: URL;
  readonly body: Buffer;
  /** Origin the client used (`http://127.0.0.1:port`), for absolute `Link` headers. */
  readonly origin: string;
}

const SCOPE_ROUTE = /^\/(?:repos\/([^/]+)\/([^/]+)|orgs\/([^/]+))\/actions\/runners(\/.*)?$/;
const GROUPS_ROUTE = /^\/orgs\/([^/]+)\/actions\/runner-groups(?:\/(\d+)(\/repositories|\/runners)?)?\/?$/;

/** `true` when the path is one of the runner endpoints (so the simulator requires auth). */
export function isRunnerRoute(path: string): boolean {
  return SCOPE_ROUTE.test(path) || GROUPS_ROUTE.test(path);
}

function runnerGroupJson(store: RunnerStore, org: string, name: string, origin: string): Record<string, unknown> {
  const id = store.groupId(name);
  const access = store.groupAccess(org, name);
  const base = `${origin}/orgs/${org}/actions/runner-groups/${id}`;
  return {
    id,
    name,
    visibility: access.visibility,
    default: id === 1,
    // GitHub gives this link only for a group limited to selected repositories.
    ...(access.visibility === 'selected' ? { selected_repositories_url: `${base}/repositories` } : {}),
    runners_url: `${base}/runners`,
    inherited: false,
    allows_public_repositories: access.allowsPublicRepositories,
    restricted_to_workflows: access.restrictedToWorkflows,
    selected_workflows: [...access.selectedWorkflows],
    workflow_restrictions_read_only: false,
  };
}

/** `GET /orgs/{org}/actions/runner-groups`: Default plus the groups a test created (one page). */
function listRunnerGroups(store: RunnerStore, org: string, reply: RestReply, origin: string): void {
  const groups = store.groupsOf(`org:${org}`).map((name) => runnerGroupJson(store, org, name, origin));
  reply.json(200, { total_count: groups.length, runner_groups: groups });
}

/** A repository as GitHub's `minimal-repository` schema has it (the sim keeps no other repository data). */
function minimalRepositoryJson(fullName: string, origin: string): Record<string, unknown> {
  const [owner = '', name = ''] = fullName.split('/');
  const id = 50_000 + [...fullName.toLowerCase()].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7);
  const api = `${origin}/repos/${fullName}`;
  const user = `${origin}/users/${owner}`;
  const repoUrl = (suffix: string) => `${api}/${suffix}`;
  return {
    id,
    node_id: Buffer.from(`Repository${id}`).toString('base64'),
    name,
    full_name: fullName,
    owner: {
      login: owner,
      id: 40_000 + (id % 1_000),
      node_id: Buffer.from(`Organization${owner}`).toString('base64'),
      avatar_url: `${origin}/avatars/${owner}`,
      gravatar_id: '',
      url: user,
      html_url: `${origin}/${owner}`,
      followers_url: `${user}/followers`,
      following_url: `${user}/following{/other_user}`,
      gists_url: `${user}/gists{/gist_id}`,
      starred_url: `${user}/starred{/owner}{/repo}`,
      subscriptions_url: `${user}/subscriptions`,
      organizations_url: `${user}/orgs`,
      repos_url: `${user}/repos`,
      events_url: `${user}/events{/privacy}`,
      received_events_url: `${user}/received_events`,
      type: 'Organization',
      site_admin: false,
    },
    private: true,
    html_url: `${origin}/${fullName}`,
    description: null,
    fork: false,
    url: api,
    archive_url: repoUrl('{archive_format}{/ref}'),
    assignees_url: repoUrl('assignees{/user}'),
    blobs_url: repoUrl('git/blobs{/sha}'),
    branches_url: repoUrl('branches{/branch}'),
    collaborators_url: repoUrl('collaborators{/collaborator}'),
    comments_url: repoUrl('comments{/number}'),
    commits_url: repoUrl('commits{/sha}'),
    compare_url: repoUrl('compare/{base}...{head}'),
    contents_url: repoUrl('contents/{+path}'),
    contributors_url: repoUrl('contributors'),
    deployments_url: repoUrl('deployments'),
    downloads_url: repoUrl('downloads'),
    events_url: repoUrl('events'),
    forks_url: repoUrl('forks'),
    git_commits_url: repoUrl('git/commits{/sha}'),
    git_refs_url: repoUrl('git/refs{/sha}'),
    git_tags_url: repoUrl('git/tags{/sha}'),
    hooks_url: repoUrl('hooks'),
    issue_comment_url: repoUrl('issues/comments{/number}'),
    issue_events_url: repoUrl('issues/events{/number}'),
    issues_url: repoUrl('issues{/number}'),
    keys_url: repoUrl('keys{/key_id}'),
    labels_url: repoUrl('labels{/name}'),
    languages_url: repoUrl('languages'),
    merges_url: repoUrl('merges'),
    milestones_url: repoUrl('milestones{/number}'),
    notifications_url: repoUrl('notifications{?since,all,participating}'),
    pulls_url: repoUrl('pulls{/number}'),
    releases_url: repoUrl('releases{/id}'),
    stargazers_url: repoUrl('stargazers'),
    statuses_url: repoUrl('statuses/{sha}'),
    subscribers_url: repoUrl('subscribers'),
    subscription_url: repoUrl('subscription'),
    tags_url: repoUrl('tags'),
    teams_url: repoUrl('teams'),
    trees_url: repoUrl('git/trees{/sha}'),
  };
}

/**
 * `GET /orgs/{org}/actions/runner-groups/{id}`, `…/{id}/repositories` (the repositories a
 * `selected` group admits) and `…/{id}/runners` (the organisation's runners in the group), one page each.
 */
function runnerGroupRoute(store: RunnerStore, org: string, id: number, sub: string | undefined, reply: RestReply, origin: string): void {
  const name = store.groupsOf(`org:${org}`).find((g) => store.groupId(g) === id);
  if (name === undefined) return notFound(reply);
  if (sub === undefined) return reply.json(200, runnerGroupJson(store, org, name, origin));
  if (sub === '/repositories') {
    const access = store.groupAccess(org, name);
    const repositories = access.visibility === 'selected' ? access.selectedRepositories.map((r) => minimalRepositoryJson(r, origin)) : [];
    return reply.json(200, { total_count: repositories.length, repositories });
  }
  const runners = store.list(`org:${org}`).filter((r) => r.runnerGroupId === id);
  reply.json(200, { total_count: runners.length, runners: runners.map((r) => runnerJson(store, r)) });
}

export function notFound(reply: RestReply): void {
  reply.json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
}

function validationFailed(reply: RestReply, message: string, errors?: string[]): void {
  reply.json(422, { message, documentation_url: DOCS, ...(errors ? { errors } : {}) });
}

export function runnerJson(store: RunnerStore, runner: SimRunner): Record<string, unknown> {
  return {
    id: runner.id,
    name: runner.name,
    os: runner.os,
    status: store.isOnline(runner) ? 'online' : 'offline',
    busy: store.isBusy(runner),
    ephemeral: runner.ephemeral,
    runner_group_id: runner.runnerGroupId,
    version: runner.version,
    labels: labelsJson(runner),
  };
}

function labelsJson(runner: SimRunner): Record<string, unknown>[] {
  return runner.labels.map((l) => ({ id: l.id, name: l.name, type: l.type }));
}

function labelsBody(runner: SimRunner): Record<string, unknown> {
  return { total_count: runner.labels.length, labels: labelsJson(runner) };
}

/** Answers the GitHub REST runner endpoints for repository and organisation scope. */
export function handleRunnerRoute(store: RunnerStore, request: RestRequest, reply: RestReply): void {
  const groups = GROUPS_ROUTE.exec(request.url.pathname);
  if (groups) {
    if (request.method !== 'GET') return notFound(reply);
    const org = decodeURIComponent(groups[1]!);
    return groups[2] === undefined ? listRunnerGroups(store, org, reply, request.origin) : runnerGroupRoute(store, org, Number(groups[2]), groups[3], reply, request.origin);
  }
  const match = SCOPE_ROUTE.exec(request.url.pathname);
  if (!match) return notFound(reply);
  const scope: ScopeKey = match[3] !== undefined ? `org:${decodeURIComponent(match[3])}` : `repo:${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
  const rest = match[4] ?? '';
  const method = request.method;

  if (rest === '' || rest === '/') {
    return method === 'GET' ? listRunners(store, scope, request, reply) : notFound(reply);
  }
  if (method === 'POST' && rest === '/registration-token') return createToken(store, 'registration', scope, reply);
  if (method === 'POST' && rest === '/remove-token') return createToken(store, 'remove', scope, reply);
  if (method === 'POST' && rest === '/generate-jitconfig') return generateJitConfig(store, scope, request, reply);

  const runnerMatch = /^\/(\d+)(\/labels(?:\/(.+))?)?$/.exec(rest);
  if (!runnerMatch) return notFound(reply);
  const runner = store.get(scope, Number(runnerMatch[1]));
  if (!runner) return notFound(reply);
  if (runnerMatch[2] === undefined) {
    if (method === 'GET') return reply.json(200, runnerJson(store, runner));
    if (method === 'DELETE') return deleteRunner(store, runner, reply);
    return notFound(reply);
  }
  if (runnerMatch[3] !== undefined) {
    if (method !== 'DELETE') return notFound(reply);
    if (!store.removeLabel(runner, decodeURIComponent(runnerMatch[3]))) return notFound(reply);
    return reply.json(200, labelsBody(runner));
  }
  return runnerLabels(store, runner, request, reply);
}

function listRunners(store: RunnerStore, scope: ScopeKey, request: RestRequest, reply: RestReply): void {
  const query = request.url.searchParams;
  const perPage = Math.min(Math.max(Number(query.get('per_page') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE, 1), MAX_PER_PAGE);
  const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const name = query.get('name');
  const runners = store.list(scope).filter((r) => name === null || r.name === name);
  const lastPage = Math.max(Math.ceil(runners.length / perPage), 1);
  const slice = runners.slice((page - 1) * perPage, page * perPage);
  const link = linkHeader(request, page, lastPage);
  reply.json(200, { total_count: runners.length, runners: slice.map((r) => runnerJson(store, r)) }, link ? { link } : {});
}

/** Absolute links in GitHub's order: prev, next, last, first. */
function linkHeader(request: RestRequest, page: number, lastPage: number): string | null {
  if (lastPage <= 1) return null;
  const at = (n: number) => {
    const url = new URL(request.url.pathname + request.url.search, request.origin);
    url.searchParams.set('page', String(n));
    return `<${url.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) parts.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  if (page > 1) parts.push(`${at(1)}; rel="first"`);
  return parts.join(', ');
}

function createToken(store: RunnerStore, kind: 'registration' | 'remove', scope: ScopeKey, reply: RestReply): void {
  const { token, expiresAt } = store.issueToken(kind, scope);
  reply.json(201, { token, expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') });
}

function deleteRunner(store: RunnerStore, runner: SimRunner, reply: RestReply): void {
  if (store.isBusy(runner)) {
    return validationFailed(reply, `Bad request - Runner "${runner.name}" is still running a job`);
  }
  store.delete(runner.id);
  reply.empty(204);
}

function generateJitConfig(store: RunnerStore, scope: ScopeKey, request: RestRequest, reply: RestReply): void {
  const body = parseJsonObject(request.body);
  const labels = stringArray(body?.['labels']);
  const name = body?.['name'];
  const groupId = body?.['runner_group_id'];
  if (!body || typeof name !== 'string' || name === '' || typeof groupId !== 'number' || !labels || labels.length === 0 || labels.length > 100) {
    return validationFailed(reply, 'Invalid request.', ['name, runner_group_id and 1 to 100 labels are required']);
  }
  if (store.byName(scope, name)) {
    return reply.json(409, { message: `Already exists - A runner with the name ${name} already exists.`, documentation_url: DOCS, status: '409' });
  }
  const runner = store.add(scope, { name, labels, runnerGroupId: groupId, version: null, ephemeral: true });
  const encoded = encodeJitConfig(scope, runner, typeof body['work_folder'] === 'string' ? body['work_folder'] : '_work');
  store.recordSecret(encoded);
  reply.json(201, { runner: runnerJson(store, runner), encoded_jit_config: encoded });
}

/** Same outer shape as GitHub's: base64 of a JSON map of runner files, each base64 encoded. */
function encodeJitConfig(scope: ScopeKey, runner: SimRunner, workFolder: string): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
  const files = {
    '.runner': b64({ agentId: runner.id, agentName: runner.name, poolId: runner.runnerGroupId, workFolder, scope, ephemeral: true }),
    '.credentials': b64({ scheme: 'OAuth', data: { clientId: randomBytes(16).toString('hex'), credentials: runner.credentials } }),
    '.credentials_rsaparams': b64({ d: randomBytes(32).toString('base64') }),
  };
  return Buffer.from(JSON.stringify(files)).toString('base64');
}

function runnerLabels(store: RunnerStore, runner: SimRunner, request: RestRequest, reply: RestReply): void {
  const method = request.method;
  if (method === 'GET') return reply.json(200, labelsBody(runner));
  if (method === 'DELETE') {
    store.setLabels(runner, []);
    return reply.json(200, labelsBody(runner));
  }
  if (method !== 'POST' && method !== 'PUT') return notFound(reply);
  const labels = stringArray(parseJsonObject(request.body)?.['labels']);
  const min = method === 'POST' ? 1 : 0;
  if (!labels || labels.length < min || labels.length > 100 || labels.some((l) => l.trim() === '')) {
    return validationFailed(reply, 'Validation Failed', [`labels must be an array of ${min} to 100 names`]);
  }
  if (method === 'POST') store.addLabels(runner, labels);
  else store.setLabels(runner, labels);
  reply.json(200, labelsBody(runner));
}

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
const GROUPS_ROUTE = /^\/orgs\/([^/]+)\/actions\/runner-groups\/?$/;

/** `true` when the path is one of the runner endpoints (so the simulator requires auth). */
export function isRunnerRoute(path: string): boolean {
  return SCOPE_ROUTE.test(path) || GROUPS_ROUTE.test(path);
}

/** `GET /orgs/{org}/actions/runner-groups`: Default plus the groups a test created (one page). */
function listRunnerGroups(store: RunnerStore, org: string, reply: RestReply, origin: string): void {
  const groups = store.groupsOf(`org:${org}`).map((name) => {
    const id = store.groupId(name);
    return {
      id,
      name,
      visibility: 'all',
      default: id === 1,
      runners_url: `${origin}/orgs/${org}/actions/runner-groups/${id}/runners`,
      inherited: false,
      allows_public_repositories: false,
      restricted_to_workflows: false,
      selected_workflows: [],
      workflow_restrictions_read_only: false,
    };
  });
  reply.json(200, { total_count: groups.length, runner_groups: groups });
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
  if (groups) return request.method === 'GET' ? listRunnerGroups(store, decodeURIComponent(groups[1]!), reply, request.origin) : notFound(reply);
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

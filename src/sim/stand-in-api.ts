import type { ScopeKey } from '../policy/types.js';
import { parseJsonObject, stringArray } from './http.js';
import type { RunnerStore, SimRunner } from './runner-store.js';

/**
 * The private protocol the stand-in runner speaks instead of GitHub's internal services
 * (docs/simulator.md, "Private stand-in runner protocol").
 */
export interface StandInAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** `http://host/owner/repo` → `repo:owner/repo`, `http://host/org` → `org:org`. */
export function scopeOfConfigUrl(url: string): ScopeKey | null {
  let parts: string[];
  try {
    parts = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    return null;
  }
  if (parts.length === 2) return `repo:${parts[0]}/${parts[1]}`;
  if (parts.length === 1) return `org:${parts[0]}`;
  return null;
}

const bad = (message: string): StandInAnswer => ({ status: 400, body: { message } });

export function handleStandIn(store: RunnerStore, verb: string, rawBody: Buffer): StandInAnswer {
  const body = parseJsonObject(rawBody);
  if (!body) return bad('the body must be a JSON object');
  switch (verb) {
    case 'register':
      return register(store, body);
    case 'unregister':
      return unregister(store, body);
    case 'session':
      return session(store, body);
    case 'job-done':
      return jobDone(store, body);
    default:
      return { status: 404, body: { message: `no stand-in verb ${verb}` } };
  }
}

function register(store: RunnerStore, body: Record<string, unknown>): StandInAnswer {
  const { url, token, name } = body;
  const labels = stringArray(body['labels'] ?? []);
  if (typeof url !== 'string' || typeof token !== 'string' || typeof name !== 'string' || name === '' || !labels) {
    return bad('register needs url, token, name and labels');
  }
  const scope = scopeOfConfigUrl(url);
  if (!scope) return bad(`not a repository or organisation URL: ${url}`);
  const problem = store.tokenProblem(token, 'registration', scope);
  if (problem) return { status: 401, body: { message: problem } };
  const existing = store.byName(scope, name);
  if (existing && body['replace'] !== true) return { status: 409, body: { message: `a runner named ${name} exists in ${scope}` } };
  const runnerGroup = typeof body['runnerGroup'] === 'string' ? body['runnerGroup'] : undefined;
  // Like GitHub, replacing keeps the runner's id and issues new credentials.
  const runner = store.add(scope, { name, labels, runnerGroupId: store.groupId(runnerGroup) }, existing);
  return { status: 201, body: { id: runner.id, name: runner.name, credentials: runner.credentials } };
}

function unregister(store: RunnerStore, body: Record<string, unknown>): StandInAnswer {
  const { url, token, id } = body;
  if (typeof url !== 'string' || typeof token !== 'string' || typeof id !== 'number') return bad('unregister needs url, token and id');
  const scope = scopeOfConfigUrl(url);
  if (!scope) return bad(`not a repository or organisation URL: ${url}`);
  const problem = store.tokenProblem(token, 'remove', scope);
  if (problem) return { status: 401, body: { message: problem } };
  if (!store.get(scope, id)) return { status: 404, body: { message: `no runner ${id} in ${scope}` } };
  store.delete(id);
  return { status: 204 };
}

/** The runner the body names, if its credentials match. */
function authenticated(store: RunnerStore, body: Record<string, unknown>): SimRunner | StandInAnswer {
  const { id, credentials } = body;
  if (typeof id !== 'number' || typeof credentials !== 'string') return bad('id and credentials are required');
  const runner = store.byId(id);
  if (!runner) return { status: 404, body: { message: `runner ${id} is not registered` } };
  if (runner.credentials !== credentials) return { status: 401, body: { message: 'bad runner credentials' } };
  return runner;
}

function session(store: RunnerStore, body: Record<string, unknown>): StandInAnswer {
  const runner = authenticated(store, body);
  if ('status' in runner) return runner;
  runner.lastHeartbeatMs = store.nowMs();
  if (typeof body['version'] === 'string') runner.version = body['version'];
  const job = runner.job;
  if (job && !job.delivered) {
    job.delivered = true;
    return { status: 200, body: { job: { id: job.id, durationMs: job.durationMs } } };
  }
  return { status: 200, body: { job: null } };
}

function jobDone(store: RunnerStore, body: Record<string, unknown>): StandInAnswer {
  const runner = authenticated(store, body);
  if ('status' in runner) return runner;
  if (runner.job && (body['jobId'] === undefined || body['jobId'] === runner.job.id)) runner.job = null;
  runner.forcedBusy = null;
  return { status: 204 };
}

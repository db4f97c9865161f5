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
    case 'session-delete':
      return sessionDelete(store, body);
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
  // As config.sh does: the group first (repositories have only Default), then the name.
  const runnerGroup = typeof body['runnerGroup'] === 'string' ? body['runnerGroup'] : undefined;
  const group = store.findGroup(scope, runnerGroup);
  if (!group) return { status: 404, body: { reason: 'runner_group', message: `Could not find any self-hosted runner group named "${runnerGroup}".` } };
  const existing = store.byName(scope, name);
  if (existing && body['replace'] !== true) return { status: 409, body: { message: `a runner named ${name} exists in ${scope}` } };
  const noDefaultLabels = body['noDefaultLabels'] === true;
  if (noDefaultLabels && labels.length === 0) return bad('--no-default-labels needs at least one label');
  // Like GitHub, replacing keeps the runner's id and issues new credentials.
  const runner = store.add(scope, { name, labels, runnerGroupId: group.id, noDefaultLabels }, existing);
  return { status: 201, body: { id: runner.id, name: runner.name, credentials: runner.credentials, runnerGroupId: group.id, runnerGroupName: group.name, replaced: existing !== undefined } };
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

/**
 * A session call: `create: true` opens the session, later calls poll for a job. A deprecated
 * version gets its refusal (403 with `deprecated: true`) on a poll, as GitHub's broker answers
 * RunnerVersionTooOld to a message request, not to session creation. A runner deleted on GitHub
 * gets 404 either way; the stand-in tells the two moments apart, as the real listener does.
 */
function session(store: RunnerStore, body: Record<string, unknown>): StandInAnswer {
  const runner = authenticated(store, body);
  if ('status' in runner) return runner;
  const version = typeof body['version'] === 'string' ? body['version'] : null;
  if (body['create'] !== true && store.isDeprecated(version)) {
    return { status: 403, body: { deprecated: true, message: `Runner version v${version} is deprecated and cannot receive messages.` } };
  }
  runner.lastHeartbeatMs = store.nowMs();
  if (version !== null) runner.version = version;
  // Opening a session hands out no job: the listener asks for messages afterwards.
  if (body['create'] === true) return { status: 200, body: { job: null } };
  const job = runner.job ?? store.takeQueuedJob(runner);
  if (job && !job.delivered) {
    job.delivered = true;
    return { status: 200, body: { job: { id: job.id, durationMs: job.durationMs, ...(job.script !== undefined ? { script: job.script } : {}) } } };
  }
  return { status: 200, body: { job: null } };
}

/** The listener closes its session when it stops: GitHub shows the runner offline at once. */
function sessionDelete(store: RunnerStore, body: Record<string, unknown>): StandInAnswer {
  const runner = authenticated(store, body);
  if ('status' in runner) return runner;
  runner.lastHeartbeatMs = null;
  return { status: 204 };
}

function jobDone(store: RunnerStore, body: Record<string, unknown>): StandInAnswer {
  const runner = authenticated(store, body);
  if ('status' in runner) return runner;
  const jobId = typeof body['jobId'] === 'number' ? body['jobId'] : undefined;
  store.finishJob(runner, jobId, typeof body['result'] === 'string' ? body['result'] : 'succeeded');
  return { status: 204 };
}

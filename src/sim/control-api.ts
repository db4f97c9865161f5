import { parseScopeKey, scopeKey, type ScopeKey } from '../policy/types.js';
import type { FaultRule } from './faults.js';
import type { GitHubSimulator } from './github-simulator.js';
import { parseJsonObject, stringArray } from './http.js';
import type { RunnerSeed } from './runner-store.js';

/**
 * `/_sim/control/…`: the in-process controls over HTTP, for processes such as the demo.
 *
 * | call | body | answer |
 * | --- | --- | --- |
 * | `GET /_sim/control/runners[?scope=]` | | `{ runners }` as the REST API shows them, with `scope` |
 * | `POST /_sim/control/runners` | `{ scope, runners: RunnerSeed[] }` or `{ scope, count, namePrefix?, status?, busy?, labels? }` | `201 { runners }` |
 * | `POST /_sim/control/jobs` | `{ runnerId, durationMs? }` | `201 { jobId }` |
 * | `POST /_sim/control/faults` | a fault rule (`path` is a regular expression source) | `201 { id }` |
 * | `DELETE /_sim/control/faults` | | `204` |
 * | `GET /_sim/control/requests` / `DELETE` | | `{ requests }` / `204` |
 * | `POST /_sim/control/clock` | `{ advanceMs }` | `{ now }` |
 * | `GET /_sim/control/tokens` | | `{ tokens }`: every secret issued, for leak scans |
 * | `GET /_sim/control/violations` | | `{ checked, violations }`: responses that broke the OpenAPI check, if one is on |
 * | `POST /_sim/control/reset` | | `204` |
 */
export interface ControlAnswer {
  readonly status: number;
  readonly body?: unknown;
}

const bad = (message: string): ControlAnswer => ({ status: 400, body: { message } });

function scopeOf(value: unknown): ScopeKey | null {
  if (typeof value !== 'string') return null;
  try {
    return scopeKey(parseScopeKey(value));
  } catch {
    return null;
  }
}

export function handleControl(sim: GitHubSimulator, method: string, url: URL, rawBody: Buffer): ControlAnswer {
  const route = `${method} ${url.pathname.slice('/_sim/control'.length)}`;
  const body = parseJsonObject(rawBody);
  if (!body) return bad('the body must be a JSON object');
  try {
    switch (route) {
      case 'GET /runners': {
        const scope = url.searchParams.get('scope');
        const runners = sim.runners(scope === null ? undefined : (scopeOf(scope) ?? undefined));
        return { status: 200, body: { runners: runners.map((r) => ({ scope: r.scope, ...sim.runnerView(r.id) })) } };
      }
      case 'POST /runners':
        return addRunners(sim, body);
      case 'POST /jobs': {
        if (typeof body['runnerId'] !== 'number') return bad('runnerId is required');
        const durationMs = typeof body['durationMs'] === 'number' ? body['durationMs'] : undefined;
        return { status: 201, body: { jobId: sim.assignJob(body['runnerId'], durationMs).id } };
      }
      case 'POST /faults':
        if (typeof body['path'] !== 'string' || typeof body['effect'] !== 'object') return bad('a fault needs path and effect');
        return { status: 201, body: { id: sim.addFault(body as unknown as FaultRule) } };
      case 'DELETE /faults':
        sim.clearFaults();
        return { status: 204 };
      case 'GET /requests':
        return { status: 200, body: { requests: sim.requests() } };
      case 'DELETE /requests':
        sim.clearRequests();
        return { status: 204 };
      case 'POST /clock':
        if (typeof body['advanceMs'] !== 'number') return bad('advanceMs is required');
        return { status: 200, body: { now: sim.advanceClock(body['advanceMs']).toISOString() } };
      case 'GET /tokens':
        return { status: 200, body: { tokens: sim.issuedTokens() } };
      case 'GET /violations':
        return { status: 200, body: { checked: sim.checkedResponses(), violations: sim.violations() } };
      case 'POST /reset':
        sim.reset();
        return { status: 204 };
      default:
        return { status: 404, body: { message: `no control route ${route}` } };
    }
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
}

function addRunners(sim: GitHubSimulator, body: Record<string, unknown>): ControlAnswer {
  const scope = scopeOf(body['scope']);
  if (!scope) return bad('scope must be a scope key such as repo:owner/name or org:login');
  let seeds: RunnerSeed[];
  if (Array.isArray(body['runners'])) {
    seeds = body['runners'] as RunnerSeed[];
    if (!seeds.every((s) => typeof s === 'object' && s !== null && typeof s.name === 'string')) return bad('every runner needs a name');
  } else if (typeof body['count'] === 'number') {
    const prefix = typeof body['namePrefix'] === 'string' ? body['namePrefix'] : 'runner';
    const labels = stringArray(body['labels'] ?? []) ?? [];
    const status = body['status'] === 'online' ? 'online' : 'offline';
    seeds = Array.from({ length: body['count'] }, (_, i) => ({ name: `${prefix}-${i + 1}`, labels, status, busy: body['busy'] === true }));
  } else {
    return bad('give runners or count');
  }
  const added = seeds.map((seed) => sim.addRunner(scope, seed));
  return { status: 201, body: { runners: added.map((r) => ({ scope: r.scope, ...sim.runnerView(r.id) })) } };
}

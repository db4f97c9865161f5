import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScopeKey } from '../policy/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { handleControl } from './control-api.js';
import { FaultRules, type FaultEffect, type FaultRule } from './faults.js';
import { newRequestId, readBody, sendEmpty, sendJson } from './http.js';
import { handleRunnerRoute, isRunnerRoute, notFound, runnerJson, type RestReply } from './rest-api.js';
import { RunnerStore, type RunnerSeed, type SimJob, type SimRunner } from './runner-store.js';
import { handleStandIn } from './stand-in-api.js';

/** The API token the simulator accepts unless told otherwise. */
export const DEFAULT_SIM_TOKEN = 'ghs_LanekeeperSimulatorToken0000000000';

/**
 * A route added from outside (the Actions artifact service, ...). Tried before the built-in
 * routes; answers `true` when it handled the request.
 */
export type SimHandler = (req: IncomingMessage, res: ServerResponse, ctx: { url: URL; body: Buffer }) => Promise<boolean>;

/** One GitHub response, as handed to the conformance check. */
export interface SimExchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** `undefined` when the response had no body. */
  readonly body: unknown;
}

export interface ConformanceViolation extends SimExchange {
  readonly problems: readonly string[];
}

export interface RequestLogEntry {
  readonly method: string;
  /** Path and query string as requested. */
  readonly path: string;
  /** 0 while unanswered, and for connections the simulator reset. */
  status: number;
  /** Simulator clock when the request arrived. */
  readonly at: string;
  /** The fault that shaped the answer, if any. */
  fault?: FaultEffect['kind'];
}

export interface GitHubSimulatorOptions {
  /** Time source for token expiry, heartbeats and rate-limit windows; the simulator can advance it. */
  readonly clock?: Clock;
  /** API tokens accepted in `Authorization`; `[DEFAULT_SIM_TOKEN]` when left out. */
  readonly tokens?: readonly string[];
  /** Checks each GitHub REST response; returns problems, which the simulator records. */
  readonly validate?: (exchange: SimExchange) => readonly string[];
  /** Port to listen on; a free one when left out. */
  readonly port?: number;
}

const RATE_LIMIT = 5_000;
const HOUR_MS = 60 * 60 * 1_000;

/** The message GitHub puts in an error body of that status. */
function defaultMessage(status: number): string {
  if (status === 403) return 'Resource not accessible by integration';
  if (status === 404) return 'Not Found';
  if (status === 502) return 'Server Error';
  if (status === 503) return 'Service Unavailable';
  if (status === 504) return 'Gateway Timeout';
  return 'Internal Server Error';
}

/** A loopback stand-in for GitHub's self-hosted runner API (docs/simulator.md). */
export class GitHubSimulator {
  /** The simulated state itself, for harnesses that need more than the control methods. */
  readonly store: RunnerStore;
  readonly #baseClock: Clock;
  #clockOffsetMs = 0;
  readonly #faults = new FaultRules();
  readonly #handlers: SimHandler[] = [];
  readonly #tokens: Set<string>;
  readonly #validate: GitHubSimulatorOptions['validate'];
  readonly #port: number;
  #log: RequestLogEntry[] = [];
  #violations: ConformanceViolation[] = [];
  #checked = 0;
  #rateWindow = { startMs: 0, used: 0 };
  #server: Server | null = null;
  #origin = '';

  constructor(options: GitHubSimulatorOptions = {}) {
    this.#baseClock = options.clock ?? systemClock;
    this.store = new RunnerStore(this.clock);
    this.#tokens = new Set(options.tokens ?? [DEFAULT_SIM_TOKEN]);
    this.#validate = options.validate;
    this.#port = options.port ?? 0;
  }

  /** The simulator's clock: the injected one plus whatever `advanceClock` added. */
  readonly clock: Clock = { now: () => new Date(this.#baseClock.now().getTime() + this.#clockOffsetMs) };

  // ---- lifecycle ---------------------------------------------------------------------------

  async start(): Promise<{ url: string }> {
    if (this.#server) return { url: this.url };
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: `simulator error: ${String(error)}` });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: this.url };
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Base URL of the REST API (the action's `github-api-url`); also the `config.sh --url` host. */
  get url(): string {
    if (!this.#origin) throw new Error('the simulator is not started; call start() first');
    return this.#origin;
  }

  use(handler: SimHandler): void {
    this.#handlers.push(handler);
  }

  // ---- control -----------------------------------------------------------------------------

  acceptToken(token: string): void {
    this.#tokens.add(token);
  }

  addRunner(scope: ScopeKey, seed: RunnerSeed): SimRunner {
    return this.store.add(scope, seed);
  }

  /** `count` runners named `<prefix>-1..count`. */
  addRunners(scope: ScopeKey, count: number, seed: Omit<RunnerSeed, 'name'> & { readonly namePrefix?: string } = {}): SimRunner[] {
    const { namePrefix = 'runner', ...rest } = seed;
    return Array.from({ length: count }, (_, i) => this.store.add(scope, { ...rest, name: `${namePrefix}-${i + 1}` }));
  }

  runners(scope?: ScopeKey): SimRunner[] {
    return this.store.list(scope);
  }

  /** A runner as the REST API would show it now. */
  runnerView(id: number): Record<string, unknown> | undefined {
    const runner = this.store.byId(id);
    return runner ? runnerJson(this.store, runner) : undefined;
  }

  /** The runner becomes busy until the stand-in reports `job-done` (or the duration passes, when no process serves it). */
  assignJob(runnerId: number, durationMs?: number, script?: string): SimJob {
    const job = this.store.assignJob(runnerId, durationMs, script);
    if (!job) throw new Error(`no runner ${runnerId}`);
    return job;
  }

  addFault(rule: FaultRule): number {
    return this.#faults.add(rule);
  }

  removeFault(id: number): void {
    this.#faults.remove(id);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  requests(): readonly RequestLogEntry[] {
    return [...this.#log];
  }

  /** Requests whose method matches and whose path (without query) matches `path`. */
  requestCount(filter: { method?: string; path?: RegExp } = {}): number {
    return this.#log.filter(
      (e) => (!filter.method || e.method === filter.method.toUpperCase()) && (!filter.path || filter.path.test(e.path.split('?')[0]!)),
    ).length;
  }

  clearRequests(): void {
    this.#log = [];
  }

  advanceClock(ms: number): Date {
    this.#clockOffsetMs += ms;
    return this.clock.now();
  }

  /** Every secret the simulator handed out: tokens, runner credentials, JIT configs. */
  issuedTokens(): readonly string[] {
    return this.store.issuedSecrets();
  }

  violations(): readonly ConformanceViolation[] {
    return [...this.#violations];
  }

  /** How many GitHub responses went through `validate` (so a test can tell the check ran). */
  checkedResponses(): number {
    return this.#checked;
  }

  /** Forgets runners, tokens, faults, the request log, violations and clock moves; the server keeps running. */
  reset(): void {
    this.store.reset();
    this.#clockOffsetMs = 0;
    this.#faults.clear();
    this.#log = [];
    this.#violations = [];
    this.#rateWindow = { startMs: 0, used: 0 };
  }

  // ---- request pipeline --------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.#origin);
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname.startsWith('/_sim/control/')) {
      const answer = handleControl(this, method, url, body);
      return answer.status === 204 || answer.body === undefined ? sendEmpty(res, answer.status) : sendJson(res, answer.status, answer.body);
    }

    const entry: RequestLogEntry = { method, path: url.pathname + url.search, status: 0, at: this.clock.now().toISOString() };
    this.#log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    const isGitHubRoute = isRunnerRoute(url.pathname);
    const reply = this.#replyFor(res, method, url.pathname, isGitHubRoute);

    for (const effect of this.#faults.take(method, url.pathname)) {
      entry.fault = effect.kind;
      if (await this.#applyFault(effect, req, reply)) return;
    }

    for (const handler of this.#handlers) {
      if (await handler(req, res, { url, body })) return;
    }

    if (url.pathname.startsWith('/_sim/runner/')) {
      const answer = handleStandIn(this.store, url.pathname.slice('/_sim/runner/'.length), body);
      return answer.status === 204 || answer.body === undefined ? sendEmpty(res, answer.status) : sendJson(res, answer.status, answer.body);
    }
    if (!isGitHubRoute) return notFound(reply);
    if (!this.#authorised(req)) {
      return reply.json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    }
    handleRunnerRoute(this.store, { method, url, body, origin: this.#origin }, reply);
  }

  /** `true` when the fault answered (or dropped) the request. */
  async #applyFault(effect: FaultEffect, req: IncomingMessage, reply: RestReply): Promise<boolean> {
    switch (effect.kind) {
      case 'delay':
        await sleep(effect.ms);
        return false;
      case 'busy': {
        const runner = this.store.byId(effect.runnerId);
        if (runner) runner.forcedBusy = effect.busy;
        return false;
      }
      case 'reset':
        req.socket.destroy();
        return true;
      case 'status':
        reply.json(effect.status, { message: effect.message ?? defaultMessage(effect.status), documentation_url: 'https://docs.github.com/rest', status: String(effect.status) });
        return true;
      case 'rate-limit': {
        const reset = Math.ceil(this.clock.now().getTime() / 1_000) + (effect.resetAfterSeconds ?? 1);
        reply.json(
          403,
          {
            message: 'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            status: '403',
          },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': String(RATE_LIMIT), 'x-ratelimit-reset': String(reset) },
        );
        return true;
      }
      case 'secondary-rate-limit':
        reply.json(
          429,
          {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: '429',
          },
          { 'retry-after': String(effect.retryAfterSeconds ?? 1) },
        );
        return true;
    }
  }

  #authorised(req: IncomingMessage): boolean {
    const match = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match !== null && this.#tokens.has(match[1]!);
  }

  /** GitHub's headers on every answer, and the conformance check on GitHub routes. */
  #replyFor(res: ServerResponse, method: string, path: string, checked: boolean): RestReply {
    const withHeaders = (extra: Record<string, string> = {}) => ({ ...this.#gitHubHeaders(), ...extra });
    const check = (status: number, body: unknown) => {
      if (!checked || !this.#validate) return;
      this.#checked += 1;
      const problems = this.#validate({ method, path, status, body });
      if (problems.length > 0) this.#violations.push({ method, path, status, body, problems });
    };
    return {
      json: (status, body, headers) => {
        check(status, body);
        sendJson(res, status, body, withHeaders(headers));
      },
      empty: (status) => {
        check(status, undefined);
        sendEmpty(res, status, withHeaders());
      },
    };
  }

  #gitHubHeaders(): Record<string, string> {
    const now = this.clock.now().getTime();
    if (now >= this.#rateWindow.startMs + HOUR_MS || now < this.#rateWindow.startMs) this.#rateWindow = { startMs: now, used: 0 };
    this.#rateWindow.used += 1;
    return {
      'x-github-request-id': newRequestId(),
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(RATE_LIMIT - this.#rateWindow.used, 0)),
      'x-ratelimit-used': String(this.#rateWindow.used),
      'x-ratelimit-reset': String(Math.ceil((this.#rateWindow.startMs + HOUR_MS) / 1_000)),
      'x-ratelimit-resource': 'core',
    };
  }
}

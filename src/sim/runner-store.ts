import { randomBytes } from 'node:crypto';
import type { ScopeKey } from '../policy/types.js';
import type { Clock } from '../util/clock.js';

/** Labels the runner sets itself on Linux x64; GitHub reports them as `read-only`. */
export const READ_ONLY_LABELS = ['self-hosted', 'Linux', 'X64'] as const;
/** A runner that sent no heartbeat for this long is `offline`, as on GitHub. */
export const HEARTBEAT_TTL_MS = 5_000;
/** Registration and remove tokens live one hour. */
export const TOKEN_TTL_MS = 60 * 60 * 1_000;
export const DEFAULT_RUNNER_GROUP = 'Default';
/** Duration of a job given to a runner added as busy: it stays busy until a test says otherwise. */
export const UNTIL_RELEASED_MS = 365 * 24 * 60 * 60 * 1_000;

export interface SimLabel {
  readonly id: number;
  readonly name: string;
  readonly type: 'read-only' | 'custom';
}

export interface SimJob {
  readonly id: number;
  readonly durationMs: number;
  readonly assignedAtMs: number;
  /** The stand-in has been handed the job by a `session` heartbeat. */
  delivered: boolean;
}

export interface SimRunner {
  readonly id: number;
  readonly scope: ScopeKey;
  readonly name: string;
  readonly os: string;
  readonly runnerGroupId: number;
  readonly ephemeral: boolean;
  labels: SimLabel[];
  version: string | null;
  /** Secret the stand-in proves itself with on `session` and `job-done`. */
  readonly credentials: string;
  /** Online no matter what heartbeats say (runners added directly by tests). */
  pinnedOnline: boolean;
  lastHeartbeatMs: number | null;
  job: SimJob | null;
  /** Set by a busy-flip fault; wins over the job state. */
  forcedBusy: boolean | null;
}

/** Fields a test may give when it adds a runner directly. */
export interface RunnerSeed {
  readonly name: string;
  readonly status?: 'online' | 'offline';
  readonly busy?: boolean;
  readonly labels?: readonly string[];
  readonly os?: string;
  readonly runnerGroupId?: number;
  readonly version?: string | null;
  readonly ephemeral?: boolean;
}

export type TokenKind = 'registration' | 'remove';

interface IssuedToken {
  readonly kind: TokenKind;
  readonly scope: ScopeKey;
  readonly expiresAtMs: number;
}

/** Everything the simulated GitHub knows: runners, labels, tokens, jobs. */
export class RunnerStore {
  readonly #clock: Clock;
  #nextRunnerId = 1_000;
  #nextJobId = 1;
  #runners = new Map<number, SimRunner>();
  #labelIds = new Map<string, number>();
  #groupIds = new Map<string, number>([[DEFAULT_RUNNER_GROUP.toLowerCase(), 1]]);
  #tokens = new Map<string, IssuedToken>();
  #secretsIssued: string[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  reset(): void {
    this.#runners.clear();
    this.#tokens.clear();
    this.#secretsIssued = [];
  }

  nowMs(): number {
    return this.#clock.now().getTime();
  }

  // ---- runners -------------------------------------------------------------------------------

  list(scope?: ScopeKey): SimRunner[] {
    const all = [...this.#runners.values()];
    return scope === undefined ? all : all.filter((r) => r.scope === scope);
  }

  get(scope: ScopeKey, id: number): SimRunner | undefined {
    const runner = this.#runners.get(id);
    return runner?.scope === scope ? runner : undefined;
  }

  byId(id: number): SimRunner | undefined {
    return this.#runners.get(id);
  }

  byName(scope: ScopeKey, name: string): SimRunner | undefined {
    return this.list(scope).find((r) => r.name.toLowerCase() === name.toLowerCase());
  }

  /** A new runner; with `replacing`, it takes that runner's id and place (config.sh --replace). */
  add(scope: ScopeKey, seed: RunnerSeed, replacing?: SimRunner): SimRunner {
    const runner: SimRunner = {
      id: replacing?.id ?? this.#nextRunnerId++,
      scope,
      name: seed.name,
      os: seed.os ?? 'Linux',
      runnerGroupId: seed.runnerGroupId ?? 1,
      ephemeral: seed.ephemeral ?? false,
      labels: this.#labelsFor(seed.labels ?? []),
      version: seed.version === undefined ? '2.330.0' : seed.version,
      credentials: this.#issueSecret(`cred_${randomBytes(20).toString('hex')}`),
      pinnedOnline: seed.status === 'online',
      lastHeartbeatMs: null,
      job: null,
      forcedBusy: null,
    };
    this.#runners.set(runner.id, runner);
    if (seed.busy) this.assignJob(runner.id, UNTIL_RELEASED_MS);
    return runner;
  }

  delete(id: number): boolean {
    return this.#runners.delete(id);
  }

  isOnline(runner: SimRunner): boolean {
    if (runner.pinnedOnline) return true;
    return runner.lastHeartbeatMs !== null && this.nowMs() - runner.lastHeartbeatMs < HEARTBEAT_TTL_MS;
  }

  isBusy(runner: SimRunner): boolean {
    if (runner.forcedBusy !== null) return runner.forcedBusy;
    const job = runner.job;
    if (!job) return false;
    // A runner no process serves finishes its job when the duration has passed.
    const served = runner.lastHeartbeatMs !== null;
    if (!served && this.nowMs() >= job.assignedAtMs + job.durationMs) {
      runner.job = null;
      return false;
    }
    return true;
  }

  assignJob(id: number, durationMs = 60_000): SimJob | undefined {
    const runner = this.#runners.get(id);
    if (!runner) return undefined;
    const job: SimJob = { id: this.#nextJobId++, durationMs, assignedAtMs: this.nowMs(), delivered: false };
    runner.job = job;
    runner.forcedBusy = null;
    return job;
  }

  // ---- labels --------------------------------------------------------------------------------

  #labelId(name: string): number {
    const key = name.toLowerCase();
    let id = this.#labelIds.get(key);
    if (id === undefined) {
      id = this.#labelIds.size + 1;
      this.#labelIds.set(key, id);
    }
    return id;
  }

  #labelsFor(custom: readonly string[]): SimLabel[] {
    const readOnly = READ_ONLY_LABELS.map((name) => ({ id: this.#labelId(name), name, type: 'read-only' as const }));
    return [...readOnly, ...this.#customLabels(readOnly, custom)];
  }

  #customLabels(existing: readonly SimLabel[], names: readonly string[]): SimLabel[] {
    const seen = new Set(existing.map((l) => l.name.toLowerCase()));
    const added: SimLabel[] = [];
    for (const name of names) {
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      added.push({ id: this.#labelId(name), name, type: 'custom' });
    }
    return added;
  }

  addLabels(runner: SimRunner, names: readonly string[]): void {
    runner.labels = [...runner.labels, ...this.#customLabels(runner.labels, names)];
  }

  setLabels(runner: SimRunner, names: readonly string[]): void {
    const readOnly = runner.labels.filter((l) => l.type === 'read-only');
    runner.labels = [...readOnly, ...this.#customLabels(readOnly, names)];
  }

  /** `false` when the runner has no custom label of that name. */
  removeLabel(runner: SimRunner, name: string): boolean {
    const index = runner.labels.findIndex((l) => l.type === 'custom' && l.name.toLowerCase() === name.toLowerCase());
    if (index < 0) return false;
    runner.labels = runner.labels.filter((_, i) => i !== index);
    return true;
  }

  // ---- groups --------------------------------------------------------------------------------

  groupId(name: string | undefined): number {
    const key = (name ?? DEFAULT_RUNNER_GROUP).toLowerCase();
    let id = this.#groupIds.get(key);
    if (id === undefined) {
      id = this.#groupIds.size + 1;
      this.#groupIds.set(key, id);
    }
    return id;
  }

  // ---- tokens --------------------------------------------------------------------------------

  /** A token shaped like GitHub's: 29 upper-case letters and digits, starting with `A`. */
  issueToken(kind: TokenKind, scope: ScopeKey): { token: string; expiresAt: Date } {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const bytes = randomBytes(28);
    let token = 'A';
    for (const byte of bytes) token += alphabet[byte % alphabet.length];
    const expiresAtMs = this.nowMs() + TOKEN_TTL_MS;
    this.#tokens.set(token, { kind, scope, expiresAtMs });
    this.#issueSecret(token);
    return { token, expiresAt: new Date(expiresAtMs) };
  }

  /** Why a token cannot be used for `kind` on `scope`, or `null` when it can. */
  tokenProblem(token: string, kind: TokenKind, scope: ScopeKey): string | null {
    const issued = this.#tokens.get(token);
    if (!issued || issued.kind !== kind || issued.scope !== scope) return `not a ${kind} token for ${scope}`;
    if (this.nowMs() >= issued.expiresAtMs) return `the ${kind} token expired`;
    return null;
  }

  /** Records a secret handed out (token, credentials, JIT config) for leak scans. */
  #issueSecret(value: string): string {
    this.#secretsIssued.push(value);
    return value;
  }

  recordSecret(value: string): void {
    this.#issueSecret(value);
  }

  issuedSecrets(): readonly string[] {
    return [...this.#secretsIssued];
  }
}

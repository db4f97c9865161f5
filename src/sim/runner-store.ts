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
  /** Shell script the stand-in's worker runs for the job (it sleeps `durationMs` without one). */
  readonly script?: string | undefined;
}

/** A job waiting for a runner, as `runs-on` asks for one: every label must be on the runner. */
export interface QueuedJob {
  readonly id: number;
  readonly scope: ScopeKey;
  readonly labels: readonly string[];
  readonly durationMs: number;
  readonly script?: string | undefined;
  /** The runner that took the job, once one did; `result` once it finished. */
  runnerId: number | null;
  result: string | null;
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
  /** Registered with `config.sh --no-default-labels`: no self-hosted/Linux/X64. */
  readonly noDefaultLabels?: boolean;
}

export type TokenKind = 'registration' | 'remove';

/** Who may send jobs to an organisation's runner group, as Settings → Actions → Runner groups says. */
export interface SimGroupAccess {
  /** `all` repositories of the organisation, `selected` ones, or `private` ones only. */
  readonly visibility: 'all' | 'selected' | 'private';
  /** Full names (`org/repo`) of the repositories a `selected` group admits. */
  readonly selectedRepositories: readonly string[];
  readonly allowsPublicRepositories: boolean;
  readonly restrictedToWorkflows: boolean;
  /** `owner/repo/.github/workflows/file.yml@ref` entries, used when `restrictedToWorkflows`. */
  readonly selectedWorkflows: readonly string[];
}

/** What GitHub gives a new group: every repository, every workflow, no public repositories. */
export const OPEN_GROUP_ACCESS: SimGroupAccess = { visibility: 'all', selectedRepositories: [], allowsPublicRepositories: false, restrictedToWorkflows: false, selectedWorkflows: [] };

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
  /** Runner groups an organisation has besides `Default`; repositories have only `Default`. */
  #orgGroups = new Map<string, Set<string>>();
  /** Access settings per `org/group` (lower case); groups without an entry are open to all. */
  #groupAccess = new Map<string, SimGroupAccess>();
  #deprecatedVersions = new Set<string>();
  #queue: QueuedJob[] = [];
  #tokens = new Map<string, IssuedToken>();
  #secretsIssued: string[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  reset(): void {
    this.#runners.clear();
    this.#orgGroups.clear();
    this.#groupAccess.clear();
    this.#deprecatedVersions.clear();
    this.#queue = [];
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
      labels: seed.noDefaultLabels ? this.#customLabels([], seed.labels ?? []) : this.#labelsFor(seed.labels ?? []),
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

  assignJob(id: number, durationMs = 60_000, script?: string): SimJob | undefined {
    const runner = this.#runners.get(id);
    if (!runner) return undefined;
    const job: SimJob = { id: this.#nextJobId++, durationMs, assignedAtMs: this.nowMs(), delivered: false, script };
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

  /** Labels for a runner registered with `--no-default-labels`: only the custom ones. */
  customOnlyLabels(names: readonly string[]): SimLabel[] {
    return this.#customLabels([], names);
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

  // ---- job queue: routing by labels ------------------------------------------------------------

  /** Queues a job as a workflow's `runs-on: [labels]` does; a matching idle runner takes it. */
  queueJob(scope: ScopeKey, labels: readonly string[], durationMs = 60_000, script?: string): QueuedJob {
    const job: QueuedJob = { id: this.#nextJobId++, scope, labels: [...labels], durationMs, script, runnerId: null, result: null };
    this.#queue.push(job);
    return job;
  }

  queuedJob(id: number): QueuedJob | undefined {
    return this.#queue.find((j) => j.id === id);
  }

  /**
   * Whether `runner` may take a job queued in `scope` asking for `labels`: the runner belongs to
   * the job's repository or to its owner organisation, and carries every label the job asks for
   * (read-only labels included; names compare case-insensitively, as on GitHub).
   */
  routes(runner: SimRunner, scope: ScopeKey, labels: readonly string[]): boolean {
    const owner = scope.startsWith('repo:') ? scope.slice('repo:'.length).split('/')[0] : scope.slice('org:'.length);
    if (runner.scope !== scope && runner.scope !== `org:${owner}`) return false;
    const has = new Set(runner.labels.map((l) => l.name.toLowerCase()));
    return labels.every((l) => has.has(l.toLowerCase()));
  }

  /** Hands the oldest queued job the runner can take to it, if it is idle. */
  takeQueuedJob(runner: SimRunner): SimJob | null {
    if (runner.job) return null;
    const job = this.#queue.find((j) => j.runnerId === null && this.routes(runner, j.scope, j.labels));
    if (!job) return null;
    job.runnerId = runner.id;
    const assigned: SimJob = { id: job.id, durationMs: job.durationMs, assignedAtMs: this.nowMs(), delivered: false, script: job.script };
    runner.job = assigned;
    runner.forcedBusy = null;
    return assigned;
  }

  finishJob(runner: SimRunner, jobId: number | undefined, result: string): void {
    if (runner.job && (jobId === undefined || jobId === runner.job.id)) {
      const queued = this.queuedJob(runner.job.id);
      if (queued) queued.result = result;
      runner.job = null;
    }
    runner.forcedBusy = null;
  }

  // ---- versions ------------------------------------------------------------------------------

  /** GitHub stops serving messages to this runner version (the listener exits at start). */
  deprecateVersion(version: string): void {
    this.#deprecatedVersions.add(version);
  }

  /** GitHub serves this version again (a test undoes `deprecateVersion`). */
  undeprecateVersion(version: string): void {
    this.#deprecatedVersions.delete(version);
  }

  isDeprecated(version: string | null): boolean {
    return version !== null && this.#deprecatedVersions.has(version);
  }

  // ---- groups --------------------------------------------------------------------------------

  /**
   * Creates a runner group in an organisation (repositories have only `Default`), open to every
   * repository and workflow unless `access` says otherwise; again for an existing group, sets its access.
   */
  addOrgGroup(org: string, name: string, access: Partial<SimGroupAccess> = {}): number {
    const groups = this.#orgGroups.get(org.toLowerCase()) ?? new Set<string>();
    if (name.toLowerCase() !== DEFAULT_RUNNER_GROUP.toLowerCase() && ![...groups].some((g) => g.toLowerCase() === name.toLowerCase())) groups.add(name);
    this.#orgGroups.set(org.toLowerCase(), groups);
    const key = `${org}/${name}`.toLowerCase();
    this.#groupAccess.set(key, { ...OPEN_GROUP_ACCESS, ...this.#groupAccess.get(key), ...access });
    return this.groupId(name);
  }

  /** The access settings of an organisation's runner group (`Default` too). */
  groupAccess(org: string, name: string): SimGroupAccess {
    return this.#groupAccess.get(`${org}/${name}`.toLowerCase()) ?? OPEN_GROUP_ACCESS;
  }

  /** The runner groups a scope has: `Default`, plus an organisation's own. */
  groupsOf(scope: ScopeKey): string[] {
    if (scope.startsWith('repo:')) return [DEFAULT_RUNNER_GROUP];
    return [DEFAULT_RUNNER_GROUP, ...(this.#orgGroups.get(scope.slice('org:'.length).toLowerCase()) ?? [])];
  }

  /** The group named `name` (case-insensitive) in `scope`, or undefined when the scope has none such. */
  findGroup(scope: ScopeKey, name: string | undefined): { id: number; name: string } | undefined {
    const wanted = (name ?? DEFAULT_RUNNER_GROUP).toLowerCase();
    const found = this.groupsOf(scope).find((g) => g.toLowerCase() === wanted);
    return found === undefined ? undefined : { id: this.groupId(found), name: found };
  }

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

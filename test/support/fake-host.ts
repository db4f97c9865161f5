/**
 * An in-memory host for apply tests: the HostAgent port with the helper's rules (lease, fencing
 * token, verbs) and a runner that registers with the simulator through the stand-in protocol.
 * The real host is tested end to end on systemd (test/e2e); this fake keeps the many fault
 * cases of apply fast.
 */
import type { HostAgent, LaneRef, Lease, RunnerRegistration } from '../../src/host/port.js';
import type { BaselineCheck, HostObservation, HostLaneObservation } from '../../src/plan/observed.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { handleStandIn } from '../../src/sim/stand-in-api.js';
import type { Secret } from '../../src/util/secret.js';

export interface FakeLane {
  directoryExists: boolean;
  runnerInstalled: boolean;
  configured: { agentId: number; url: string; credentials: string } | null;
  unitFile: 'absent' | 'rendered' | 'foreign' | 'outdated';
  enabled: boolean;
  active: boolean;
  user: string;
}

export type FakeVerb =
  | 'status'
  | 'lease-acquire'
  | 'lease-release'
  | 'install-or-update-unit'
  | 'daemon-reload'
  | 'enable-now'
  | 'restart'
  | 'stop'
  | 'disable'
  | 'remove-unit'
  | 'prepare-directory'
  | 'configure'
  | 'unconfigure'
  | 'remove-directory';

function emptyLane(): FakeLane {
  return { directoryExists: false, runnerInstalled: false, configured: null, unitFile: 'absent', enabled: false, active: false, user: 'runner' };
}

export class FakeHostError extends Error {
  override readonly name = 'HelperError';
}

export class FakeHost implements HostAgent {
  readonly lanes = new Map<string, FakeLane>();
  readonly leases = new Map<string, { holder: string; token: number; expiresAtMs: number }>();
  readonly #counters = new Map<string, number>();
  readonly calls: { verb: FakeVerb; lane: string; token?: number }[] = [];
  readonly #faults = new Map<FakeVerb, number>();
  baseline: BaselineCheck[] = [];

  constructor(
    readonly host: string,
    private readonly sim: GitHubSimulator,
  ) {}

  /** The next `times` calls of `verb` fail like a helper error would. */
  failNext(verb: FakeVerb, times = 1): void {
    this.#faults.set(verb, times);
  }

  mutatingCalls(): string[] {
    return this.calls.filter((c) => !['status', 'lease-acquire', 'lease-release'].includes(c.verb)).map((c) => `${c.verb} ${c.lane}`);
  }

  lane(name: string): FakeLane {
    let l = this.lanes.get(name);
    if (!l) {
      l = emptyLane();
      this.lanes.set(name, l);
    }
    return l;
  }

  #call(verb: FakeVerb, ref: LaneRef, token?: number): void {
    this.calls.push({ verb, lane: ref.lane, ...(token !== undefined ? { token } : {}) });
    const left = this.#faults.get(verb) ?? 0;
    if (left > 0) {
      this.#faults.set(verb, left - 1);
      throw new FakeHostError(`${verb} failed (injected fault)`);
    }
  }

  #fence(ref: LaneRef, token: number): void {
    const lease = this.leases.get(ref.lane);
    if (!lease || lease.expiresAtMs <= this.sim.clock.now().getTime()) throw new FakeHostError(`no lease held on ${ref.lane}`);
    // As the helper: exactly the current token; a lower one is stale, a higher one was never issued.
    if (token !== lease.token) throw new FakeHostError(`fencing token ${token} is not the lease's ${lease.token}`);
  }

  #syncOnline(name: string): void {
    const l = this.lane(name);
    if (!l.configured) return;
    const r = this.sim.store.byId(l.configured.agentId);
    if (r) r.pinnedOnline = l.active;
  }

  async status(refs: readonly LaneRef[]): Promise<HostObservation> {
    for (const r of refs) this.#call('status', r);
    const lanes: Record<string, HostLaneObservation> = {};
    for (const ref of refs) {
      const l = this.lanes.get(ref.lane) ?? emptyLane();
      const runner = l.configured ? this.sim.store.byId(l.configured.agentId) : undefined;
      lanes[ref.lane] = {
        lane: ref.lane,
        directory: `${ref.root}/${ref.lane}`,
        directoryExists: l.directoryExists,
        runnerInstalled: l.runnerInstalled,
        identity: l.configured ? { agentId: l.configured.agentId, agentName: ref.lane, gitHubUrl: l.configured.url } : null,
        credentialsPresent: l.configured !== null,
        runnerVersion: l.runnerInstalled ? '2.330.0' : null,
        unit: {
          name: ref.unit,
          fileState: l.unitFile === 'absent' ? 'absent' : l.enabled ? 'enabled' : 'disabled',
          activeState: l.active ? 'active' : 'inactive',
          subState: l.active ? 'running' : 'dead',
          renderedByLanekeeper: l.unitFile === 'rendered' || l.unitFile === 'outdated',
          matchesRendered: l.unitFile === 'rendered',
          mainPid: l.active ? 4000 : null,
          mainPidUser: l.active ? l.user : null,
          restarts: 0,
        },
        workerRunning: l.active && runner?.job !== null && runner?.job !== undefined && runner.job.assignedAtMs + runner.job.durationMs > this.sim.clock.now().getTime(),
        unsupervisedListener: null,
      };
    }
    return { host: this.host, lanes, unclaimed: [], baseline: this.baseline };
  }

  async leaseAcquire(ref: LaneRef, holder: string, ttlSeconds: number): Promise<Lease> {
    this.#call('lease-acquire', ref);
    const now = this.sim.clock.now().getTime();
    const cur = this.leases.get(ref.lane);
    if (cur && cur.expiresAtMs > now && cur.holder !== holder) throw new FakeHostError(`lane ${ref.lane} is leased by ${cur.holder}`);
    let token = cur && cur.holder === holder && cur.expiresAtMs > now ? cur.token : (this.#counters.get(ref.lane) ?? 0) + 1;
    this.#counters.set(ref.lane, Math.max(token, this.#counters.get(ref.lane) ?? 0));
    const lease = { holder, token, expiresAtMs: now + ttlSeconds * 1000 };
    this.leases.set(ref.lane, lease);
    return { lane: ref.lane, holder, fencingToken: token, expiresAt: new Date(lease.expiresAtMs).toISOString() };
  }

  async leaseRenew(ref: LaneRef, lease: Lease, ttlSeconds: number): Promise<Lease> {
    const cur = this.leases.get(ref.lane);
    if (!cur || cur.token !== lease.fencingToken) throw new FakeHostError(`lease on ${ref.lane} was taken over`);
    return this.leaseAcquire(ref, lease.holder, ttlSeconds);
  }

  async leaseRelease(ref: LaneRef, lease: Lease): Promise<void> {
    this.#call('lease-release', ref);
    const cur = this.leases.get(ref.lane);
    if (cur && cur.token === lease.fencingToken && cur.holder === lease.holder) this.leases.delete(ref.lane);
  }

  async installOrUpdateUnit(ref: LaneRef, token: number): Promise<{ changed: boolean }> {
    this.#call('install-or-update-unit', ref, token);
    this.#fence(ref, token);
    const l = this.lane(ref.lane);
    // As the helper (UNIT_NOT_MANAGED): a unit Lanekeeper did not render is never overwritten.
    if (l.unitFile === 'foreign') throw new FakeHostError(`${ref.unit} exists but was not rendered by Lanekeeper`);
    const changed = l.unitFile !== 'rendered';
    l.unitFile = 'rendered';
    l.user = ref.user;
    return { changed };
  }

  async daemonReload(ref: LaneRef, token: number): Promise<void> {
    this.#call('daemon-reload', ref, token);
    this.#fence(ref, token);
  }

  async enableNow(ref: LaneRef, token: number): Promise<void> {
    this.#call('enable-now', ref, token);
    this.#fence(ref, token);
    const l = this.lane(ref.lane);
    if (l.unitFile === 'absent') throw new FakeHostError(`${ref.unit} does not exist`);
    l.enabled = true;
    l.active = l.configured !== null;
    this.#syncOnline(ref.lane);
  }

  async restart(ref: LaneRef, token: number): Promise<void> {
    this.#call('restart', ref, token);
    this.#fence(ref, token);
    const l = this.lane(ref.lane);
    l.active = l.configured !== null && l.unitFile !== 'absent';
    this.#syncOnline(ref.lane);
  }

  async stop(ref: LaneRef, token: number): Promise<void> {
    this.#call('stop', ref, token);
    this.#fence(ref, token);
    this.lane(ref.lane).active = false;
    this.#syncOnline(ref.lane);
  }

  async disable(ref: LaneRef, token: number): Promise<void> {
    this.#call('disable', ref, token);
    this.#fence(ref, token);
    this.lane(ref.lane).enabled = false;
  }

  async removeUnit(ref: LaneRef, token: number): Promise<void> {
    this.#call('remove-unit', ref, token);
    this.#fence(ref, token);
    const l = this.lane(ref.lane);
    l.unitFile = 'absent';
    l.enabled = false;
    l.active = false;
  }

  async prepareDirectory(ref: LaneRef, token: number): Promise<void> {
    this.#call('prepare-directory', ref, token);
    this.#fence(ref, token);
    const l = this.lane(ref.lane);
    l.directoryExists = true;
    l.runnerInstalled = true;
  }

  async configureRunner(ref: LaneRef, token: number, reg: RunnerRegistration): Promise<void> {
    this.#call('configure', ref, token);
    this.#fence(ref, token);
    const l = this.lane(ref.lane);
    if (!l.runnerInstalled) throw new FakeHostError(`${ref.root}/${ref.lane} has no runner`);
    const body = { url: reg.url, token: reg.token.reveal(), name: reg.name, labels: reg.labels, replace: true, noDefaultLabels: true, runnerGroup: reg.runnerGroup };
    const answer = handleStandIn(this.sim.store, 'register', Buffer.from(JSON.stringify(body)));
    if (answer.status !== 201) throw new FakeHostError(`config.sh failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    const { id, credentials } = answer.body as { id: number; credentials: string };
    l.configured = { agentId: id, url: reg.url, credentials };
  }

  /** `config.sh remove --local`: the local files only; the server is never asked. */
  async unconfigureRunner(ref: LaneRef, token: number): Promise<void> {
    this.#call('unconfigure', ref, token);
    this.#fence(ref, token);
    this.lane(ref.lane).configured = null;
  }

  async removeDirectory(ref: LaneRef, token: number): Promise<void> {
    this.#call('remove-directory', ref, token);
    this.#fence(ref, token);
    const l = this.lane(ref.lane);
    if (l.active) throw new FakeHostError(`${ref.root}/${ref.lane} is in use by a running unit`);
    this.lanes.delete(ref.lane);
  }
}

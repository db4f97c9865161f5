/**
 * The HostAgent contract: what apply relies on from a host, checked against every
 * implementation — the in-memory host the apply unit tests use, and SudoHostAgent through the
 * real helper on real systemd. A fake that drifts from the helper fails here first.
 */
import { expect, it } from 'vitest';
import type { HostAgent, LaneRef } from '../../src/host/port.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { Secret } from '../../src/util/secret.js';

export interface ContractSubject {
  readonly agent: HostAgent;
  readonly sim: GitHubSimulator;
  lane(name: string): LaneRef;
  /** Waits until the condition on the lane's observation holds (real hosts take a moment). */
  eventually<T>(probe: () => Promise<T | undefined>): Promise<T>;
}

export function hostAgentContract(subject: () => ContractSubject): void {
  it('reports a lane it knows nothing of as absent', async () => {
    const s = subject();
    const obs = (await s.agent.status([s.lane('contract-none')])).lanes['contract-none']!;
    expect(obs).toMatchObject({ directoryExists: false, identity: null, credentialsPresent: false, workerRunning: false });
    expect(obs.unit.fileState).toBe('absent');
  });

  it('leases: one holder at a time, renewal keeps the token, release frees it, tokens only grow', async () => {
    const s = subject();
    const ref = s.lane('contract-lease');
    const first = await s.agent.leaseAcquire(ref, 'holder-a', 60);
    await expect(s.agent.leaseAcquire(ref, 'holder-b', 60)).rejects.toThrow();
    const renewed = await s.agent.leaseRenew(ref, first, 60);
    expect(renewed.fencingToken).toBe(first.fencingToken);
    await s.agent.leaseRelease(ref, renewed);
    const second = await s.agent.leaseAcquire(ref, 'holder-b', 60);
    expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
    await s.agent.leaseRelease(ref, second);
  });

  it('mutating verbs need exactly the current fencing token', async () => {
    const s = subject();
    const ref = s.lane('contract-fence');
    await expect(s.agent.daemonReload(ref, 1)).rejects.toThrow();
    const lease = await s.agent.leaseAcquire(ref, 'holder-a', 60);
    await expect(s.agent.installOrUpdateUnit(ref, lease.fencingToken - 1)).rejects.toThrow();
    await expect(s.agent.installOrUpdateUnit(ref, lease.fencingToken + 1)).rejects.toThrow();
    expect((await s.agent.status([ref])).lanes['contract-fence']!.unit.fileState).toBe('absent');
    await s.agent.leaseRelease(ref, lease);
  });

  it('a lane goes from nothing to supervised and online, and back to nothing', async () => {
    const s = subject();
    const ref = s.lane('contract-life');
    const lease = await s.agent.leaseAcquire(ref, 'holder-a', 120);
    const t = lease.fencingToken;
    await s.agent.prepareDirectory(ref, t);
    const reg = s.sim.store.issueToken('registration', 'repo:acme/api');
    await s.agent.configureRunner(ref, t, { url: `${s.sim.url}/acme/api`, token: new Secret(reg.token), name: ref.lane, labels: ['lanekeeper-managed'] });
    expect(await s.agent.installOrUpdateUnit(ref, t)).toEqual({ changed: true });
    expect(await s.agent.installOrUpdateUnit(ref, t)).toEqual({ changed: false });
    await s.agent.daemonReload(ref, t);
    await s.agent.enableNow(ref, t);
    const active = await s.eventually(async () => {
      const o = (await s.agent.status([ref])).lanes[ref.lane]!;
      return o.unit.activeState === 'active' && o.unit.mainPidUser ? o : undefined;
    });
    expect(active.unit).toMatchObject({ fileState: 'enabled', renderedByLanekeeper: true, matchesRendered: true, mainPidUser: ref.user });
    expect(active.identity).toMatchObject({ agentName: ref.lane });
    expect(active.credentialsPresent).toBe(true);
    const runner = s.sim.runners('repo:acme/api').find((r) => r.name === ref.lane)!;
    await s.eventually(async () => (s.sim.store.isOnline(runner) ? true : undefined));

    await s.agent.stop(ref, t);
    // unconfigure deletes the local files only; the registration goes through the API first.
    await s.agent.unconfigureRunner(ref, t);
    expect(s.sim.runners('repo:acme/api').find((r) => r.name === ref.lane)?.id).toBe(runner.id);
    expect((await s.agent.status([ref])).lanes[ref.lane]).toMatchObject({ identity: null, credentialsPresent: false });
    s.sim.store.delete(runner.id);
    await s.agent.disable(ref, t);
    await s.agent.removeUnit(ref, t);
    await s.agent.removeDirectory(ref, t);
    await s.agent.leaseRelease(ref, lease);
    const gone = (await s.agent.status([ref])).lanes[ref.lane]!;
    expect(gone).toMatchObject({ directoryExists: false, identity: null });
    expect(gone.unit.fileState).toBe('absent');
    expect(s.sim.runners('repo:acme/api').find((r) => r.name === ref.lane)).toBeUndefined();
  });
}

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { observeGitHub } from '../../src/github/inventory.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import type { Scope } from '../../src/policy/types.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { startCheckedSimulator, simClient } from '../support/github-sim.js';

const widgets: Scope = { kind: 'repository', owner: 'acme', repo: 'widgets' };
const gadgets: Scope = { kind: 'repository', owner: 'acme', repo: 'gadgets' };
const corp: Scope = { kind: 'organization', org: 'acme-corp' };
const empty: Scope = { kind: 'organization', org: 'empty-org' };
const listCalls = (sim: GitHubSimulator, prefix: string) => sim.requestCount({ method: 'GET', path: new RegExp(`^${prefix}/actions/runners$`) });

let sim: GitHubSimulator;
let runners: OctokitGitHubRunners;

beforeAll(async () => {
  sim = await startCheckedSimulator();
});
afterAll(async () => {
  expect(sim.violations()).toEqual([]);
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  runners = new OctokitGitHubRunners(simClient(sim), { onSecret: () => undefined });
});

describe('observeGitHub', () => {
  it('lists each distinct scope once, however many lanes name it', async () => {
    sim.addRunners('repo:acme/widgets', 2_500, { status: 'online' });
    sim.addRunners('repo:acme/gadgets', 101);
    sim.addRunners('org:acme-corp', 100, { status: 'online', busy: true });
    // One entry per lane, as a policy with many lanes per scope gives them.
    const lanes = [...Array<Scope>(40).fill(widgets), ...Array<Scope>(7).fill(corp), gadgets, gadgets, empty];

    const observed = await observeGitHub(lanes, runners);

    expect(observed.map((o) => [o.scope, o.runners.length, o.error])).toEqual([
      ['org:acme-corp', 100, undefined],
      ['org:empty-org', 0, undefined],
      ['repo:acme/gadgets', 101, undefined],
      ['repo:acme/widgets', 2_500, undefined],
    ]);
    expect(listCalls(sim, '/repos/acme/widgets')).toBe(25);
    expect(listCalls(sim, '/repos/acme/gadgets')).toBe(2);
    expect(listCalls(sim, '/orgs/acme-corp')).toBe(1);
    expect(listCalls(sim, '/orgs/empty-org')).toBe(1);
    // Plus one runner-group listing per organisation.
    expect(sim.requestCount({ path: /\/actions\/runner-groups$/ })).toBe(2);
    expect(sim.requestCount()).toBe(31);
    expect(runners.evidence()).toHaveLength(31);
    const ids = observed[3]!.runners.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(observed[0]!.runners.every((r) => r.busy && r.status === 'online')).toBe(true);
  });

  it('reports a scope it cannot list as an error and still observes the others', async () => {
    sim.addRunners('repo:acme/widgets', 3);
    sim.addRunners('org:acme-corp', 3);
    sim.addFault({ path: /^\/orgs\/acme-corp\//, effect: { kind: 'status', status: 502 } });

    const observed = await observeGitHub([widgets, corp], runners);

    const failed = observed.find((o) => o.scope === 'org:acme-corp')!;
    expect(failed.runners).toEqual([]);
    expect(failed.error).toMatch(/org:acme-corp failed with HTTP 502/);
    expect(observed.find((o) => o.scope === 'repo:acme/widgets')).toMatchObject({ runners: { length: 3 } });
    expect(observed.find((o) => o.scope === 'repo:acme/widgets')!.error).toBeUndefined();
  });

  it('observes nothing when no scope is named', async () => {
    expect(await observeGitHub([], runners)).toEqual([]);
    expect(sim.requestCount()).toBe(0);
  });
});

/**
 * `command: inventory` through the bundled action, as the runner runs it, against the simulator:
 * one listing per scope, the observed-state file and its output path, a scope that fails is
 * recorded (the plan then blocks its lanes) rather than failing the job, and no token leaks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outputs } from '../../src/constants.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { runAction } from '../harness/run-action.js';
import { startCheckedSimulator } from '../support/github-sim.js';
import { assertNoLeakedTokens } from '../support/no-leaked-tokens.js';
import { DEFAULT_SIM_TOKEN } from '../../src/sim/github-simulator.js';

let sim: GitHubSimulator;
let ws: string;
const policy = `version: 1
repositories: [acme/api, acme/web]
organizations: [acme]
hosts:
  box1: { approved: true, registrationRoots: [/srv/runners], serviceUsers: [runner] }
lanes:
  - { name: api, count: 3, repository: acme/api, host: box1, registrationRoot: /srv/runners, serviceUser: runner, labels: [lanekeeper-managed] }
  - { name: org, organization: acme, host: box1, registrationRoot: /srv/runners, serviceUser: runner, labels: [lanekeeper-managed] }
`;

beforeAll(async () => {
  sim = await startCheckedSimulator();
  sim.addRunners('repo:acme/api', 250, { namePrefix: 'api-x', labels: ['lanekeeper-managed'] });
  sim.addRunners('org:acme', 3, { namePrefix: 'org-x' });
  ws = mkdtempSync(join(tmpdir(), 'lanekeeper-inventory-'));
  writeFileSync(join(ws, 'lanes.yml'), policy);
});
afterAll(async () => {
  expect(sim.violations()).toEqual([]);
  await sim.stop();
  rmSync(ws, { recursive: true, force: true });
});

const context = () => ({ apiUrl: sim.url });

describe('inventory (bundled action)', () => {
  it('lists each scope once, paginated, and writes the observed state', async () => {
    sim.clearRequests();
    const r = await runAction({ inputs: { command: 'inventory', policy: 'lanes.yml', token: DEFAULT_SIM_TOKEN }, workspace: ws, context: context() });
    expect(r.exitCode, r.stdout).toBe(0);
    const path = r.outputs[Outputs.ObservedPath]!;
    const observed = JSON.parse(readFileSync(join(ws, path), 'utf8'));
    expect(observed.github.map((s: { scope: string; runners: unknown[] }) => [s.scope, s.runners.length])).toEqual([
      ['org:acme', 3],
      ['repo:acme/api', 250],
      ['repo:acme/web', 0],
    ]);
    // 3 pages for 250 runners, one call for each of the other two scopes; never one per lane.
    expect(sim.requestCount({ method: 'GET', path: /\/actions\/runners$/ })).toBe(5);
    expect(r.outputs[Outputs.Status]).toBe('ok');
    expect(r.summary).toContain('| repo:acme/api | 250 |');
    assertNoLeakedTokens([DEFAULT_SIM_TOKEN], [r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'), r.stderr, r.summary, { file: join(ws, '.lanekeeper') }]);
  });

  it('a scope that keeps failing is recorded with its status, and the job goes on', async () => {
    const id = sim.addFault({ method: 'GET', path: '/repos/acme/web/actions/runners$', effect: { kind: 'status', status: 502 } });
    try {
      const r = await runAction({ inputs: { command: 'inventory', policy: 'lanes.yml', token: DEFAULT_SIM_TOKEN }, workspace: ws, context: context(), timeoutMs: 120_000 });
      expect(r.exitCode).toBe(0);
      expect(r.outputs[Outputs.Status]).toBe('partial');
      expect(r.stdout).toMatch(/::warning::repo:acme\/web: .*502/);
      const observed = JSON.parse(readFileSync(join(ws, r.outputs[Outputs.ObservedPath]!), 'utf8'));
      expect(observed.github.find((s: { scope: string }) => s.scope === 'repo:acme/web').error).toMatch(/502/);
    } finally {
      sim.removeFault(id);
    }
  });

  it('without a token it fails and says which token it needs', async () => {
    const r = await runAction({ inputs: { command: 'inventory', policy: 'lanes.yml' }, workspace: ws, context: context() });
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toContain('GITHUB_TOKEN cannot manage self-hosted runners');
  });
});

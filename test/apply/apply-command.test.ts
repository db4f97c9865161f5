/**
 * runApply's refusals, driven through the same CommandIO the CLI uses, against the simulator
 * and the in-memory host: a policy edited after review is refused even when no step text shows
 * the change; nothing is mutated.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { terminalIO } from '../../src/commands/terminal-io.js';
import { OctokitGitHubRunners } from '../../src/github/octokit-runners.js';
import { observe } from '../../src/inventory/observe.js';
import { policyFromObject } from '../../src/policy/load.js';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { confirmationPhrase } from '../../src/plan/types.js';
import { FakeHost } from '../support/fake-host.js';
import { simClient, startCheckedSimulator } from '../support/github-sim.js';
import { laneInput, policyInput } from '../support/policy-builders.js';

let sim: GitHubSimulator;
let dir: string;
beforeAll(async () => {
  sim = await startCheckedSimulator();
  dir = mkdtempSync(join(tmpdir(), 'lanekeeper-apply-cmd-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('runApply refusals', () => {
  it('refuses a policy changed after review, even in a field no step shows', async () => {
    const input = policyInput([laneInput('org-1', { repository: undefined, organization: 'acme', runnerGroup: 'Default' })]);
    const policyFile = join(dir, 'lanes.yml');
    writeFileSync(policyFile, stringify(input));
    const host = new FakeHost('box1', sim);
    const github = new OctokitGitHubRunners(simClient(sim), { onSecret: () => {} });
    const { policy } = policyFromObject(input);
    const observed = await observe(policy, policy.lanes, { github, hosts: [host], clock: sim.clock });
    writeFileSync(join(dir, 'observed.json'), JSON.stringify(observed));
    const inputs = { policy: policyFile, 'output-dir': dir, observed: join(dir, 'observed.json') };
    const { plan } = await runPlan(terminalIO({ inputs, printSummary: false, stdout: () => {}, stderr: () => {} }));

    // After review, someone points the lane at another runner group.
    writeFileSync(policyFile, stringify({ ...input, lanes: [{ ...input.lanes![0]!, runnerGroup: 'Privileged' }] }));
    sim.clearRequests();
    const io = terminalIO({
      inputs: { ...inputs, mode: 'apply', confirmation: confirmationPhrase(plan.digest), 'idempotency-key': 'k-1', host: 'box1' },
      printSummary: false,
      stdout: () => {},
      stderr: () => {},
    });
    await expect(runApply(io, { github, host })).rejects.toThrow(/policy changed since the plan was made/);
    expect(host.mutatingCalls()).toEqual([]);
    expect(sim.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

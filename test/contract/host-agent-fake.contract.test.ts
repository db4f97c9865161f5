import { afterAll, beforeAll, describe } from 'vitest';
import type { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { FakeHost } from '../support/fake-host.js';
import { startCheckedSimulator } from '../support/github-sim.js';
import { hostAgentContract } from './host-agent-contract.js';

let sim: GitHubSimulator;
let host: FakeHost;
beforeAll(async () => {
  sim = await startCheckedSimulator();
  host = new FakeHost('box1', sim);
});
afterAll(async () => sim.stop());

describe('HostAgent contract: the in-memory host of the apply tests', () => {
  hostAgentContract(() => ({
    agent: host,
    sim,
    lane: (name) => ({ lane: name, root: '/srv/runners', user: 'runner', unit: `lanekeeper-runner@${name}.service` }),
    eventually: async (probe) => {
      const v = await probe();
      if (v === undefined) throw new Error('the in-memory host answers at once');
      return v;
    },
  }));
});

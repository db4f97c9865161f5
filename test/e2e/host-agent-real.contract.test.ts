import { afterAll, beforeAll, describe } from 'vitest';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { hostAgentContract } from '../contract/host-agent-contract.js';
import { bootLanekeeperHost, type LanekeeperHost } from '../rig/lanekeeper-host.js';
import { eventually } from '../rig/probes.js';

let sim: GitHubSimulator;
let host: LanekeeperHost;
beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  host = await bootLanekeeperHost({ serverUrl: sim.url });
});
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

describe('HostAgent contract: SudoHostAgent through the helper on real systemd', () => {
  hostAgentContract(() => ({ agent: host.agent, sim, lane: (name) => host.lane(name), eventually: (probe) => eventually(probe, 30_000) }));
});

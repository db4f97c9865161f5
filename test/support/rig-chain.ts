/**
 * Everything the whole chain needs on this machine: the GitHub simulator (with the Actions
 * artifact service, so the audit upload is real), a real-systemd host in the rig, a policy for
 * it, and the environment each workflow job gets. Used by the end-to-end apply tests and by
 * `npm run demo`. The runner on the host is the stand-in runner (test/rig/stand-in-runner),
 * because the actions/runner tarball cannot be downloaded here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ArtifactService } from '../../src/sim/artifact-service.js';
import { DEFAULT_SIM_TOKEN, GitHubSimulator } from '../../src/sim/github-simulator.js';
import { checkGitHubResponse } from '../../src/sim/openapi-conformance.js';
import { OidcIssuer, type JobIdentity } from '../../src/sim/oidc-issuer.js';
import { bootLanekeeperHost, RIG_TRUSTED_JOB, RIG_HOST, RIG_OPS_USER, RIG_ROOT, rigLaneUser, type LanekeeperHost } from '../rig/lanekeeper-host.js';
import { runChain, type ChainHost, type ChainOptions, type ChainResult } from '../harness/run-action.js';
import { Inputs } from '../../src/constants.js';

export interface RigChain {
  readonly sim: GitHubSimulator;
  readonly artifacts: ArtifactService;
  readonly host: LanekeeperHost;
  /** Environment every job gets: the simulator as GitHub, and the artifact service. */
  readonly env: Record<string, string>;
  /** The run context: `github.api_url` is the simulator's. */
  readonly context: { readonly apiUrl: string; readonly serverUrl: string };
  /** The rig host as the chain sees it: its ops runner reaches the helper through nsenter + runuser. */
  readonly chainHost: ChainHost;
  readonly token: string;
  /** The workflow once on this rig: the rig host, its token, environment and run context filled in. */
  /** GitHub's OIDC provider in the simulator; the rig host pins its keys. */
  readonly issuer: OidcIssuer;
  /** The ID-token endpoint an apply job of `runId` gets (id-token: write), as the trusted job or as `job` says. */
  applyJobEnv(runId: string, job?: Partial<JobIdentity>): Record<string, string>;
  /**
   * The workflow once on this rig. `job` changes what the apply job's OIDC token says about it
   * (another workflow, branch, environment): by default it is the job the host trusts.
   */
  run(options: Pick<ChainOptions, 'root' | 'policyFile' | 'mode' | 'confirmation' | 'onStep'> & { runId: string; actor?: string; job?: Partial<JobIdentity> }): Promise<ChainResult>;
  stop(): Promise<void>;
}

export async function startRigChain(log: (line: string) => void = () => {}): Promise<RigChain> {
  const sim = new GitHubSimulator({ validate: checkGitHubResponse });
  const artifacts = new ArtifactService({ clock: sim.clock });
  sim.use(artifacts.handler);
  // GitHub's OIDC provider: the apply job asks it for the token the host's helper demands.
  const issuer = new OidcIssuer();
  sim.use(issuer.handler);
  const { url } = await sim.start();
  let host: LanekeeperHost;
  try {
    host = await bootLanekeeperHost({ log, serverUrl: url, issuer });
  } catch (e) {
    await sim.stop();
    throw e;
  }
  // GITHUB_SERVER_URL stays github.com (the artifact client refuses other servers as GHES); the
  // host jobs get the simulator as `github-server-url`, which config.sh --url is built from.
  const env = {
    GITHUB_API_URL: url,
    ACTIONS_RUNTIME_TOKEN: artifacts.mintRuntimeToken(),
    ACTIONS_RESULTS_URL: `${url}/`,
  };
  const hostExec = ['nsenter', '-t', String(host.container.pid), '-a', '/usr/sbin/runuser', '-u', RIG_OPS_USER, '--'];
  const context = { apiUrl: url, serverUrl: 'https://github.com' };
  const chainHost: ChainHost = {
    name: RIG_HOST,
    inputs: { [Inputs.GitHubServerUrl]: url },
    env: { LANEKEEPER_HOST_EXEC: JSON.stringify(hostExec) },
  };
  return {
    sim,
    artifacts,
    host,
    env,
    context,
    token: DEFAULT_SIM_TOKEN,
    chainHost,
    issuer,
    applyJobEnv: (runId, job = {}) => issuer.jobEnvironment(url, { ...RIG_TRUSTED_JOB, runId, runAttempt: '1', actor: 'octocat', ...job }),
    run: ({ runId, actor, job, ...options }) =>
      runChain({
        ...options,
        hosts: [chainHost],
        token: DEFAULT_SIM_TOKEN,
        env,
        context: { ...context, runId, runAttempt: '1', ...(actor ? { actor } : {}) },
        applyEnv: () => issuer.jobEnvironment(url, { ...RIG_TRUSTED_JOB, runId, runAttempt: '1', actor: actor ?? 'octocat', ...job }),
      }),
    async stop() {
      await host.stop();
      await sim.stop();
    },
  };
}

export interface RigLane {
  readonly name: string;
  readonly labels?: string[];
  readonly ensure?: 'present' | 'absent';
  readonly drain?: { timeoutSeconds: number; onTimeout: 'fail' | 'skip' };
}

/** A policy for the rig host's lanes in repository acme/api, written as YAML; each lane has its own service user. */
export function writeRigPolicy(file: string, lanes: readonly RigLane[]): string {
  mkdirSync(join(file, '..'), { recursive: true });
  const policy = {
    version: 1,
    managedLabel: 'lanekeeper-managed',
    repositories: ['acme/api'],
    hosts: { [RIG_HOST]: { approved: true, registrationRoots: [RIG_ROOT], serviceUsers: [...new Set(lanes.map((l) => rigLaneUser(l.name)))] } },
    lanes: lanes.map((l) => ({
      name: l.name,
      repository: 'acme/api',
      host: RIG_HOST,
      registrationRoot: RIG_ROOT,
      serviceUser: rigLaneUser(l.name),
      labels: l.labels ?? ['lanekeeper-managed', 'api'],
      ...(l.ensure ? { ensure: l.ensure } : {}),
      drain: l.drain ?? { timeoutSeconds: 120, onTimeout: 'fail' },
    })),
  };
  writeFileSync(file, stringify(policy));
  return file;
}

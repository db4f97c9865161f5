/**
 * A Lanekeeper host in the rig, set up the way docs/host-setup.md sets up a real one: an ops user
 * `lkops` (the user an ops runner's jobs run as), the runner distribution (the stand-in runner),
 * the host config, and scripts/install-helper.sh run once, which creates one service user per
 * lane (`lk-<lane>` for every lane name in RIG_LANES), the root-owned approved root
 * /srv/runners, the helper and its sudoers snippet. `agent` is a SudoHostAgent that runs as
 * `lkops` and goes through sudo, exactly as on a real host.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HELPER_PATH, type HostConfig, type HostConfigInput, parseHostConfig } from '../../src/host/host-config.js';
import { defaultUnitName } from '../../src/host/host-config.js';
import type { LaneRef } from '../../src/host/port.js';
import { SudoHostAgent } from '../../src/host/sudo-host-agent.js';
import { bootContainer, type BootOptions, type RigContainer } from './container.js';
import { helperBundle } from './helper-bundle.js';
import { OidcIssuer, type JobIdentity } from '../../src/sim/oidc-issuer.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const RIG_HOST = 'rig-host';
export const RIG_ROOT = '/srv/runners';
export const RIG_OPS_USER = 'lkops';

/** Every lane name the end-to-end tests and the demo use: each gets its own service user. */
export const RIG_LANES = [
  'absent', 'active', 'inactive', 'no-unit', 'foreign', 'busy', 'rogue', 'tricky', 'fifo',
  'life-1', 'life-2', 'life-3',
  'contract-none', 'contract-lease', 'contract-fence', 'contract-life',
  'e2e-a', 'e2e-b', 'e2e-c', 'e2e-foreign',
  'api-1', 'api-2',
  'iso-a', 'iso-b', 'iso-c', 'iso-d',
  'sup-crash', 'sup-stop', 'sup-gone-poll', 'sup-gone-start', 'sup-retry', 'sup-deprecated', 'sup-env', 'sup-cordon', 'sup-new', 'sup-group',
  'rec-half', 'rec-legacy', 'rec-forged', 'rec-victim',
] as const;

/** The service user of a rig lane: one user per lane (the lane must be in RIG_LANES or the boot's extraLanes). */
export function rigLaneUser(lane: string): string {
  return `lk-${lane}`;
}
export const RIG_DISTRIBUTION = '/opt/lanekeeper/runner';

/** The apply job the rig host's trust section names (repository, reusable workflow, branch). */
export const RIG_TRUSTED_JOB: JobIdentity = {
  repository: 'acme/ops',
  jobWorkflowRef: 'acme/lanekeeper/.github/workflows/lanes-reusable.yml@refs/heads/main',
  ref: 'refs/heads/main',
  environment: 'lanekeeper-apply',
  event: 'workflow_dispatch',
};
/** The plan digest the rig agent's own lease proofs are bound to (tests that drive the agent directly). */
export const RIG_PLAN_DIGEST = 'f0'.repeat(32);

/** The trust section a rig host gets: the issuer's pinned keys and the trusted job. */
export function rigTrust(issuer: OidcIssuer): NonNullable<HostConfigInput['trust']> {
  return { jwks: issuer.jwks(), repository: RIG_TRUSTED_JOB.repository, jobWorkflowRefs: [RIG_TRUSTED_JOB.jobWorkflowRef], refs: [RIG_TRUSTED_JOB.ref!] };
}

export interface LanekeeperHost {
  readonly container: RigContainer;
  readonly config: HostConfig;
  /** Goes through sudo as the ops user; its new leases carry a valid proof of RIG_TRUSTED_JOB for RIG_PLAN_DIGEST. */
  readonly agent: SudoHostAgent;
  /** The OIDC issuer whose keys the host config pins. */
  readonly issuer: OidcIssuer;
  /** A lane on this host with the default root, user and unit. */
  lane(name: string): LaneRef;
  /** Runs the installed helper as root, without sudo (for checks the agent does not expose). */
  helper(args: readonly string[]): Promise<{ exitCode: number | null; reply: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface LanekeeperHostOptions extends BootOptions {
  readonly hostConfig?: Partial<HostConfigInput>;
  /** The host config's serverUrl: the simulator's origin, which lane-runner pins. */
  readonly serverUrl?: string;
  /** Lanes besides RIG_LANES that get a service user. */
  readonly extraLanes?: readonly string[];
  /** The OIDC issuer whose keys the host config's trust section pins. */
  readonly issuer?: OidcIssuer;
}

export async function bootLanekeeperHost(options: LanekeeperHostOptions = {}): Promise<LanekeeperHost> {
  const laneNames = [...RIG_LANES, ...(options.extraLanes ?? [])];
  const bundle = helperBundle();
  const issuer = options.issuer ?? new OidcIssuer();
  const container = await bootContainer(options);
  try {
    const config = parseHostConfig(
      JSON.stringify({
        version: 1,
        host: RIG_HOST,
        registrationRoots: [RIG_ROOT],
        serviceUsers: laneNames.map(rigLaneUser),
        ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
        repositories: ['acme/api'],
        runnerDistribution: RIG_DISTRIBUTION,
        minFreeBytes: 64 * 1024 ** 2,
        stopTimeoutSeconds: 30,
        trust: rigTrust(issuer),
        ...options.hostConfig,
      }),
    );
    const staging = container.hostPath('/var/tmp/lanekeeper-install');
    mkdirSync(staging, { recursive: true });
    cpSync(bundle, join(staging, 'index.js'));
    cpSync(join(REPO, 'scripts/install-helper.sh'), join(staging, 'install-helper.sh'));
    cpSync(join(REPO, 'scripts/lane-runner.sh'), join(staging, 'lane-runner.sh'));
    cpSync(join(REPO, 'test/rig/stand-in-runner'), join(staging, 'runner'), { recursive: true });
    writeFileSync(join(staging, 'host.json'), JSON.stringify(config, null, 2));
    await container.sh(`
      useradd --create-home --shell /bin/bash ${RIG_OPS_USER}
      install -d -o root -g root -m 0755 $(dirname ${RIG_DISTRIBUTION})
      cp -R /var/tmp/lanekeeper-install/runner ${RIG_DISTRIBUTION}
      chown -R root:root ${RIG_DISTRIBUTION} && chmod -R go-w ${RIG_DISTRIBUTION}
      /var/tmp/lanekeeper-install/install-helper.sh --bundle /var/tmp/lanekeeper-install/index.js \\
        --config /var/tmp/lanekeeper-install/host.json --ops-user ${RIG_OPS_USER}
      rm -rf /var/tmp/lanekeeper-install
    `);
    const agent = new SudoHostAgent({
      host: RIG_HOST,
      helperPath: DEFAULT_HELPER_PATH,
      run: container.runAs(RIG_OPS_USER),
      leaseProof: { planDigest: RIG_PLAN_DIGEST, idToken: (audience) => issuer.mint(RIG_TRUSTED_JOB, { audience }) },
    });
    return {
      container,
      config,
      agent,
      issuer,
      lane: (name) => {
        if (!laneNames.includes(name)) throw new Error(`rig lane ${name} has no service user. Fix: add it to RIG_LANES in test/rig/lanekeeper-host.ts or pass it in extraLanes`);
        return { lane: name, root: RIG_ROOT, user: rigLaneUser(name), unit: defaultUnitName(name) };
      },
      async helper(args) {
        const r = await container.run({ argv: [DEFAULT_HELPER_PATH, ...args], timeoutMs: 60_000 });
        return { exitCode: r.exitCode, reply: JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as Record<string, unknown> };
      },
      stop: () => container.stop(),
    };
  } catch (e) {
    await container.stop();
    throw e;
  }
}

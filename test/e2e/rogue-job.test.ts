// A rogue job on the ops runner: any workflow that targets the ops runner's labels runs as the ops
// user and can call the helper through sudo directly. On a host set up as docs/host-setup.md says,
// without the approved apply job's OIDC token it takes no lease, and so changes nothing: a lane's
// installed and running unit stays as it was, and no lease file appears.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_HELPER_PATH } from '../../src/host/host-config.js';
import { leaseAudience, type LeaseProofSource } from '../../src/host/lease-proof.js';
import { SudoHostAgent } from '../../src/host/sudo-host-agent.js';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import type { JobIdentity, MintOptions } from '../../src/sim/oidc-issuer.js';
import { Secret } from '../../src/util/secret.js';
import { bootLanekeeperHost, RIG_HOST, RIG_OPS_USER, RIG_PLAN_DIGEST, RIG_TRUSTED_JOB, type LanekeeperHost } from '../rig/lanekeeper-host.js';
import { eventually } from '../rig/probes.js';

let host: LanekeeperHost;
let sim: GitHubSimulator;
const LANE = 'victim-1';

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  host = await bootLanekeeperHost({ log: (l) => console.log(l), serverUrl: sim.url, extraLanes: [LANE] });
  // The victim: a lane the approved job installed and started, its lease released.
  const lane = host.lane(LANE);
  const lease = await host.agent.leaseAcquire(lane, 'approved-run', 300);
  await host.agent.prepareDirectory(lane, lease.fencingToken);
  const registration = sim.store.issueToken('registration', 'repo:acme/api');
  await host.agent.configureRunner(lane, lease.fencingToken, { url: `${sim.url}/acme/api`, token: new Secret(registration.token), name: LANE, labels: ['lanekeeper-managed', 'api'] });
  await host.agent.installOrUpdateUnit(lane, lease.fencingToken);
  await host.agent.daemonReload(lane, lease.fencingToken);
  await host.agent.enableNow(lane, lease.fencingToken);
  await eventually(async () => ((await host.agent.status([lane])).lanes[LANE]!.unit.activeState === 'active' ? true : undefined));
  await host.agent.leaseRelease(lane, lease);
}, 240_000);
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

/** What a rogue job could damage: the unit file, its state, the lane directory, the leases. */
async function hostState(): Promise<string> {
  return host.container.sh(`
    cat /etc/systemd/system/lanekeeper-runner@${LANE}.service | sha256sum
    systemctl show -p ActiveState -p UnitFileState -p MainPID lanekeeper-runner@${LANE}.service
    ls -la /srv/runners/${LANE} | sha256sum
    ls -la /var/lib/lanekeeper/leases/ 2>/dev/null | grep -v ' \\.\\.\\?$' | awk '{print $NF}' | sort
    cat /var/lib/lanekeeper/leases/*.json 2>/dev/null || true
  `);
}

/** The rogue's own agent: the ops user through sudo, as any job on the ops runner can. */
function rogueAgent(proof?: LeaseProofSource): SudoHostAgent {
  return new SudoHostAgent({ host: RIG_HOST, helperPath: DEFAULT_HELPER_PATH, run: host.container.runAs(RIG_OPS_USER), ...(proof ? { leaseProof: proof } : {}) });
}

function proofOf(job: Partial<JobIdentity>, options: Partial<MintOptions> & { planDigest?: string; audienceHost?: string; audienceDigest?: string } = {}): LeaseProofSource {
  const planDigest = options.planDigest ?? RIG_PLAN_DIGEST;
  return {
    planDigest,
    idToken: (audience) =>
      host.issuer.mint({ ...RIG_TRUSTED_JOB, runId: '666', actor: 'mallory', ...job }, {
        ...options,
        audience: options.audienceHost || options.audienceDigest ? leaseAudience(options.audienceHost ?? RIG_HOST, options.audienceDigest ?? planDigest) : audience,
      }),
  };
}

const rogues: [string, LeaseProofSource | undefined, string][] = [
  ['no token at all', undefined, 'PROOF_MISSING'],
  ['a token of another workflow (the rogue job itself)', proofOf({ jobWorkflowRef: 'acme/ops/.github/workflows/rogue.yml@refs/heads/rogue' }), 'PROOF_INVALID'],
  ['the trusted reusable workflow pinned at another branch', proofOf({ jobWorkflowRef: 'acme/lanekeeper/.github/workflows/lanes-reusable.yml@refs/heads/rogue' }), 'PROOF_INVALID'],
  ['a run started on another branch', proofOf({ ref: 'refs/heads/rogue' }), 'PROOF_INVALID'],
  ['a job outside the lanekeeper-apply environment', proofOf({ environment: null }), 'PROOF_INVALID'],
  ['a job of another environment', proofOf({ environment: 'preview' }), 'PROOF_INVALID'],
  ['a push-triggered run', proofOf({ event: 'push' }), 'PROOF_INVALID'],
  ['an expired token', proofOf({}, { issuedAtOffsetSeconds: -900, lifetimeSeconds: 300 }), 'PROOF_INVALID'],
  ['a token for another plan digest', proofOf({}, { audienceDigest: 'e1'.repeat(32) }), 'PROOF_INVALID'],
  ['a token for another host', proofOf({}, { audienceHost: 'other-host' }), 'PROOF_INVALID'],
  ['a token signed by a key the host does not pin', proofOf({}, { foreignKey: true }), 'PROOF_INVALID'],
];

describe('a rogue job on the ops runner changes nothing on real systemd', () => {
  test.each(rogues)('%s: no lease, and every mutating verb is refused', async (_name, proof, code) => {
    const before = await hostState();
    const rogue = rogueAgent(proof);
    const lane = host.lane(LANE);
    await expect(rogue.leaseAcquire(lane, 'rogue-run', 600)).rejects.toMatchObject({ name: 'HelperError', code, exitCode: 7 });
    // Without a lease, guessing fencing tokens gets it nowhere.
    for (const token of [1, 2, 3]) {
      await expect(rogue.stop(lane, token)).rejects.toMatchObject({ code: 'LEASE_MISSING' });
      await expect(rogue.removeUnit(lane, token)).rejects.toMatchObject({ code: 'LEASE_MISSING' });
    }
    expect(await hostState()).toBe(before);
    expect(before).toContain('ActiveState=active');
  });

  test('the approved job still gets its lease, with its claims recorded on the host', async () => {
    const lane = host.lane(LANE);
    const lease = await rogueAgent(proofOf({ runId: '4711', runAttempt: '3', actor: 'release-manager' })).leaseAcquire(lane, 'approved-run-2', 60);
    expect(lease.proof).toMatchObject({ runId: '4711', runAttempt: '3', actor: 'release-manager', jobWorkflowRef: RIG_TRUSTED_JOB.jobWorkflowRef, environment: 'lanekeeper-apply', event: 'workflow_dispatch', planDigest: RIG_PLAN_DIGEST });
    const onHost = JSON.parse(await host.container.sh(`cat /var/lib/lanekeeper/leases/${LANE}.json`)) as { proof: unknown };
    expect(onHost.proof).toEqual(lease.proof);
    await host.agent.leaseRelease(lane, lease);
  });
});

/**
 * The whole chain as the workflow runs it (each step `node dist/index.js` with INPUT_*), against
 * the GitHub simulator and a real-systemd host in the rig. The runner is the stand-in runner
 * (test/rig/stand-in-runner), since the actions/runner tarball cannot be downloaded here.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outputs } from '../../src/constants.js';
import { readZip } from '../../src/sim/artifact-zip.js';
import { runAction, type ChainResult } from '../harness/run-action.js';
import { eventually } from '../rig/probes.js';
import { rigLaneUser } from '../rig/lanekeeper-host.js';
import { startRigChain, writeRigPolicy, type RigChain, type RigLane } from '../support/rig-chain.js';
import { assertNoLeakedTokens } from '../support/no-leaked-tokens.js';
import type { JobIdentity } from '../../src/sim/oidc-issuer.js';

let rig: RigChain;
let scratch: string;
let runNo = 0;

beforeAll(async () => {
  rig = await startRigChain((l) => console.log(l));
  scratch = mkdtempSync(join(tmpdir(), 'lanekeeper-e2e-apply-'));
});
afterAll(async () => {
  await rig?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function chain(lanes: RigLane[], mode: 'dry-run' | 'apply', confirmation = '', job?: Partial<JobIdentity>): Promise<ChainResult> {
  runNo++;
  const root = join(scratch, `run-${runNo}`);
  const policyFile = writeRigPolicy(join(root, 'policy.yml'), lanes);
  return rig.run({ root, policyFile, mode, confirmation, runId: String(9000 + runNo), ...(job ? { job } : {}) });
}

/** dry-run, then apply with the phrase the dry-run printed. */
async function dryRunThenApply(lanes: RigLane[]): Promise<{ dry: ChainResult; applied: ChainResult }> {
  const dry = await chain(lanes, 'dry-run');
  expect(dry.ok, dry.plan.stderr + dry.plan.stdout).toBe(true);
  const phrase = dry.plan.outputs[Outputs.Confirmation]!;
  const applied = await chain(lanes, 'apply', phrase);
  return { dry, applied };
}

const runnerNamed = (name: string) => rig.sim.runners('repo:acme/api').find((r) => r.name === name);
const customLabels = (name: string) => runnerNamed(name)?.labels.filter((l) => l.type === 'custom').map((l) => l.name).sort();
const unitState = async (lane: string) => (await rig.host.agent.status([rig.host.lane(lane)])).lanes[lane]!;
const mutatingRequests = () => rig.sim.requests().filter((r) => r.method !== 'GET' && !r.path.startsWith('/_sim/') && !r.path.startsWith('/twirp/'));

function auditRecord(result: ChainResult): Record<string, unknown> {
  const name = result.audit.outputs[Outputs.ArtifactName]!;
  const zip = rig.artifacts.artifactZip(name);
  expect(zip, `artifact ${name} was uploaded:\n${result.audit.stdout}`).toBeDefined();
  const entry = readZip(zip!).find((e) => e.name.endsWith('.json'))!;
  return JSON.parse(entry.data.toString('utf8')) as Record<string, unknown>;
}

describe('lanes end to end: simulator + real systemd + the bundled action', () => {
  it('dry-run mutates nothing: no token request, no helper mutation, no config.sh', async () => {
    rig.sim.clearRequests();
    const dry = await chain([{ name: 'e2e-a' }], 'dry-run');
    expect(dry.ok).toBe(true);
    expect(dry.ran).toEqual(['inventory-rig-host', 'plan', 'audit']);
    expect(dry.plan.outputs[Outputs.Changes]).toBe('1');
    expect(dry.plan.summary).toContain('| `+` | e2e-a | rig-host | absent | create |');
    expect(mutatingRequests()).toEqual([]);
    expect((await unitState('e2e-a')).directoryExists).toBe(false);
    expect(auditRecord(dry)['status']).toBe('planned');
  });

  it('a wrong or empty confirmation is refused before any host job', async () => {
    for (const confirmation of ['', 'apply 000000000000', 'apply']) {
      rig.sim.clearRequests();
      const r = await chain([{ name: 'e2e-a' }], 'apply', confirmation);
      expect(r.ok).toBe(false);
      expect(r.applyRequest?.ok).toBe(false);
      expect(r.ran).not.toContain('apply-rig-host');
      expect(mutatingRequests()).toEqual([]);
    }
  });

  it('the apply command itself refuses a wrong confirmation, a missing key and a tampered plan', async () => {
    const dry = await chain([{ name: 'e2e-a' }], 'dry-run');
    const planDir = join(dry.artifactsDir, 'lanekeeper-plan');
    const base = {
      ...rig.chainHost.inputs,
      command: 'apply',
      mode: 'apply',
      host: 'rig-host',
      policy: '.github/lanekeeper.yml',
      plan: join(planDir, 'plan.json'),
      token: rig.token,
    };
    const ws = join(scratch, `direct-${runNo}`);
    rmSync(ws, { recursive: true, force: true });
    const policyFile = writeRigPolicy(join(ws, '.github/lanekeeper.yml'), [{ name: 'e2e-a' }]);
    expect(policyFile).toContain('lanekeeper.yml');
    rig.sim.clearRequests();
    const wrong = await runAction({ inputs: { ...base, confirmation: 'apply 123456789012' }, workspace: ws, env: { ...rig.env, ...rig.chainHost.env }, context: rig.context });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stdout).toContain(dry.plan.outputs[Outputs.Confirmation]!);
    const noKey = await runAction({
      inputs: { ...base, confirmation: dry.plan.outputs[Outputs.Confirmation]! },
      workspace: ws,
      env: { ...rig.env, ...rig.chainHost.env },
      context: { ...rig.context, runId: '', runAttempt: '' },
    });
    expect(noKey.exitCode).not.toBe(0);
    expect(noKey.stdout).toMatch(/idempotency key/);
    // A plan edited after review (here: one step dropped) no longer hashes to its digest.
    const tamperedDir = join(ws, 'tampered');
    mkdirSync(tamperedDir, { recursive: true });
    const plan = JSON.parse(readFileSync(join(planDir, 'plan.json'), 'utf8')) as { lanes: { steps: unknown[] }[] };
    plan.lanes[0]!.steps.splice(1, 1);
    writeFileSync(join(tamperedDir, 'plan.json'), JSON.stringify(plan));
    cpSync(join(planDir, 'plan-observed.json'), join(tamperedDir, 'plan-observed.json'));
    const tampered = await runAction({
      inputs: { ...base, plan: join(tamperedDir, 'plan.json'), confirmation: dry.plan.outputs[Outputs.Confirmation]! },
      workspace: ws,
      env: { ...rig.env, ...rig.chainHost.env },
      context: rig.context,
    });
    expect(tampered.exitCode).not.toBe(0);
    expect(tampered.stdout).toContain('does not match its digest');
    expect(mutatingRequests()).toEqual([]);
    expect((await unitState('e2e-a')).directoryExists).toBe(false);
  });

  it('an apply job the host does not trust (another workflow, outside the approval environment) changes nothing', async () => {
    for (const job of [{ jobWorkflowRef: 'acme/ops/.github/workflows/rogue.yml@refs/heads/rogue' }, { environment: null }] satisfies Partial<JobIdentity>[]) {
      const dry = await chain([{ name: 'e2e-a' }], 'dry-run');
      rig.sim.clearRequests();
      const r = await chain([{ name: 'e2e-a' }], 'apply', dry.plan.outputs[Outputs.Confirmation]!, job);
      expect(r.ok).toBe(false);
      expect(r.ran).toContain('apply-rig-host');
      const log = r.apply['rig-host']!.stdout;
      expect(log).toContain('PROOF_INVALID');
      expect(mutatingRequests()).toEqual([]);
      expect((await unitState('e2e-a')).directoryExists).toBe(false);
      const record = auditRecord(r);
      expect(record['status']).toBe('failed');
    }
  });

  it('creates a lane from nothing: online with exact labels, supervised by its unit as the service user', async () => {
    const { applied } = await dryRunThenApply([{ name: 'e2e-a' }]);
    expect(applied.ok, applied.apply['rig-host']?.stdout).toBe(true);
    expect(applied.apply['rig-host']!.outputs[Outputs.Result]).toBe('completed');
    const r = runnerNamed('e2e-a')!;
    expect(rig.sim.store.isOnline(r)).toBe(true);
    expect(customLabels('e2e-a')).toEqual(['api', 'lanekeeper-managed']);
    const obs = await unitState('e2e-a');
    expect(obs.unit).toMatchObject({ fileState: 'enabled', activeState: 'active', mainPidUser: rigLaneUser('e2e-a'), matchesRendered: true });
    const record = auditRecord(applied);
    expect(record['status']).toBe('completed');
    const lanes = record['lanes'] as { lane: string; result: string; gates: { ok: boolean }[]; fencingToken: number }[];
    const lane = lanes.find((l) => l.lane === 'e2e-a')!;
    expect(lane.result).toBe('completed');
    expect(lane.gates.length).toBeGreaterThanOrEqual(5);
    expect(lane.gates.every((g) => g.ok)).toBe(true);
    expect(lane.fencingToken).toBeGreaterThan(0);
    // The host verified the apply job's OIDC token; the record names the run it proved.
    expect((lane as { leaseProof?: unknown }).leaseProof).toMatchObject({ runId: String(9000 + runNo), runAttempt: '1', repository: 'acme/ops', environment: 'lanekeeper-apply', event: 'workflow_dispatch', planDigest: applied.plan.outputs[Outputs.PlanDigest] });
    // No token GitHub issued shows up in any output, summary or artifact of the chain. The
    // `::add-mask::` command is how a step tells the runner what to mask; the runner consumes
    // it and never shows it, so it is the one place a token may stand.
    const shown = (text: string) => text.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expect(applied.apply['rig-host']!.stdout).toMatch(/^::add-mask::/m);
    assertNoLeakedTokens(rig.sim.issuedTokens(), [
      ...Object.values(applied.apply).flatMap((s) => [shown(s.stdout), s.stderr, s.summary]),
      applied.audit.stdout,
      JSON.stringify(record),
      { file: applied.artifactsDir },
    ]);
  });

  it('running the same apply again finds nothing to do', async () => {
    const dry = await chain([{ name: 'e2e-a' }], 'dry-run');
    expect(dry.plan.outputs[Outputs.Changes]).toBe('0');
    const before = runnerNamed('e2e-a')!.id;
    const again = await chain([{ name: 'e2e-a' }], 'apply', dry.plan.outputs[Outputs.Confirmation]!);
    expect(again.ok).toBe(true);
    expect(runnerNamed('e2e-a')!.id).toBe(before);
  });

  it('a stale plan is refused: the lane changed after the dry-run', async () => {
    const dry = await chain([{ name: 'e2e-a' }], 'dry-run');
    const phrase = dry.plan.outputs[Outputs.Confirmation]!;
    await rig.host.container.sh(`systemctl stop lanekeeper-runner@e2e-a.service`);
    // GitHub (the simulator) shows the runner offline once its heartbeats stop (5 s); wait for
    // it, so the fresh dry-run below and its apply see the same state.
    const stopped = runnerNamed('e2e-a')!;
    await eventually(async () => (rig.sim.store.isOnline(stopped) ? undefined : true), 20_000);
    // Apply with the old plan (re-using its artifacts, as a re-run of the apply job would).
    const ws = join(scratch, `stale-${runNo}`);
    writeRigPolicy(join(ws, '.github/lanekeeper.yml'), [{ name: 'e2e-a' }]);
    rig.sim.clearRequests();
    const r = await runAction({
      inputs: { ...rig.chainHost.inputs, command: 'apply', mode: 'apply', host: 'rig-host', policy: '.github/lanekeeper.yml', plan: join(dry.artifactsDir, 'lanekeeper-plan', 'plan.json'), token: rig.token, confirmation: phrase },
      workspace: ws,
      env: { ...rig.env, ...rig.chainHost.env },
      context: rig.context,
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toContain('stale');
    expect(r.stdout).toContain(dry.plan.outputs[Outputs.PlanDigest]!);
    expect(mutatingRequests()).toEqual([]);
    // A fresh dry-run and apply restart it.
    const { applied } = await dryRunThenApply([{ name: 'e2e-a' }]);
    expect(applied.ok).toBe(true);
    expect((await unitState('e2e-a')).unit.activeState).toBe('active');
  });

  it('restarting a busy lane waits for its job to finish', async () => {
    const id = runnerNamed('e2e-a')!.id;
    // Drift: someone edited the unit; the plan reconciles it, which needs a restart.
    await rig.host.container.sh(`echo '# edited by hand' >> /etc/systemd/system/lanekeeper-runner@e2e-a.service && systemctl daemon-reload`);
    const dry = await chain([{ name: 'e2e-a' }], 'dry-run');
    expect(dry.plan.summary).toContain('reconcile');
    rig.sim.assignJob(id, 12_000);
    await eventually(async () => ((await unitState('e2e-a')).workerRunning ? true : undefined), 20_000);
    const applied = await chain([{ name: 'e2e-a' }], 'apply', dry.plan.outputs[Outputs.Confirmation]!);
    expect(applied.ok, JSON.stringify({ ran: applied.ran, request: applied.applyRequest, apply: applied.apply['rig-host']?.stdout, plan: applied.plan.stdout })).toBe(true);
    const log = applied.apply['rig-host']!.stdout;
    expect(log).toContain('waiting for the running job to finish');
    // The restart comes after the drain has ended (the job finished).
    const drained = log.indexOf('idle after');
    expect(drained).toBeGreaterThan(0);
    expect(drained).toBeLessThan(log.indexOf('→ restart lanekeeper-runner@e2e-a.service'));
    expect(rig.sim.runnerView(id)?.['busy']).toBe(false);
    expect(customLabels('e2e-a')).toEqual(['api', 'lanekeeper-managed']);
  });

  it('adopts a registered, unsupervised lane without registering it again', async () => {
    const lane = rig.host.lane('e2e-b');
    const lease = await rig.host.agent.leaseAcquire(lane, 'by-hand', 60);
    await rig.host.agent.prepareDirectory(lane, lease.fencingToken);
    const reg = rig.sim.store.issueToken('registration', 'repo:acme/api');
    const { Secret } = await import('../../src/util/secret.js');
    await rig.host.agent.configureRunner(lane, lease.fencingToken, { url: `${rig.sim.url}/acme/api`, token: new Secret(reg.token), name: 'e2e-b', labels: ['lanekeeper-managed', 'api'] });
    await rig.host.agent.leaseRelease(lane, lease);
    const id = runnerNamed('e2e-b')!.id;
    const { dry, applied } = await dryRunThenApply([{ name: 'e2e-a' }, { name: 'e2e-b' }]);
    expect(dry.plan.summary).toContain('| `&` | e2e-b |');
    expect(applied.ok, applied.apply['rig-host']?.stdout).toBe(true);
    expect(runnerNamed('e2e-b')!.id).toBe(id);
    expect((await unitState('e2e-b')).unit.activeState).toBe('active');
  });

  it('refuses to touch a foreign runner, even when the policy says absent', async () => {
    rig.sim.addRunner('repo:acme/api', { name: 'e2e-foreign', status: 'online', labels: ['gpu'] });
    const dry = await chain([{ name: 'e2e-a' }, { name: 'e2e-b' }, { name: 'e2e-foreign', ensure: 'absent' }], 'dry-run');
    expect(dry.plan.summary).toContain('unmanaged_runner_exists');
    expect(dry.plan.outputs[Outputs.Blocked]).toBe('1');
    expect(runnerNamed('e2e-foreign')).toBeDefined();
  });

  it('two applies started at once on one lane: exactly one mutates', async () => {
    const lanes: RigLane[] = [{ name: 'e2e-a' }, { name: 'e2e-b' }, { name: 'e2e-c' }];
    const dry = await chain(lanes, 'dry-run');
    const phrase = dry.plan.outputs[Outputs.Confirmation]!;
    const ws = (n: number) => {
      const dir = join(scratch, `race-${runNo}-${n}`);
      writeRigPolicy(join(dir, '.github/lanekeeper.yml'), lanes);
      return dir;
    };
    const inputs = { ...rig.chainHost.inputs, command: 'apply', mode: 'apply', host: 'rig-host', policy: '.github/lanekeeper.yml', plan: join(dry.artifactsDir, 'lanekeeper-plan', 'plan.json'), token: rig.token, confirmation: phrase };
    const [one, two] = await Promise.all([
      runAction({ inputs, workspace: ws(1), env: { ...rig.env, ...rig.chainHost.env, ...rig.applyJobEnv('501') }, context: { ...rig.context, runId: '501', runAttempt: '1' } }),
      runAction({ inputs, workspace: ws(2), env: { ...rig.env, ...rig.chainHost.env, ...rig.applyJobEnv('502') }, context: { ...rig.context, runId: '502', runAttempt: '1' } }),
    ]);
    const results = [one, two].map((r) => r.outputs[Outputs.Result]);
    expect(results.filter((x) => x === 'completed')).toHaveLength(1);
    expect([one.exitCode, two.exitCode].filter((c) => c === 0)).toHaveLength(1);
    const loser = one.exitCode === 0 ? two : one;
    expect(loser.stdout).toMatch(/lease|stale/);
    expect(rig.sim.runners('repo:acme/api').filter((r) => r.name === 'e2e-c')).toHaveLength(1);
  });

  it('removes a managed lane completely: GitHub registration, unit and directory', async () => {
    const { applied } = await dryRunThenApply([{ name: 'e2e-a', ensure: 'absent' }, { name: 'e2e-b' }, { name: 'e2e-c' }]);
    expect(applied.ok, applied.apply['rig-host']?.stdout).toBe(true);
    expect(runnerNamed('e2e-a')).toBeUndefined();
    const obs = await unitState('e2e-a');
    expect(obs.unit.fileState).toBe('absent');
    expect(obs.directoryExists).toBe(false);
    const procs = await rig.host.container.sh(`ps -eo args | grep -c '[/]srv/runners/e2e-a' || true`);
    expect(procs.trim()).toBe('0');
  });
});

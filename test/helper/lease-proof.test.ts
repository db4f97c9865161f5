// lease-acquire needs proof of the approved apply job: an OIDC token verified against the host
// config's trust section. Every forged or misdirected token is refused and leaves the host as it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { leaseAudience } from '../../src/host/lease-proof.js';
import type { JobIdentity, MintOptions } from '../../src/sim/oidc-issuer.js';
import { FIXTURE_JOB, makeHelperFixture, type HelperFixture } from './fixture.js';

let fx: HelperFixture;
beforeAll(() => {
  fx = makeHelperFixture();
});
afterAll(() => fx.cleanup());

const OTHER_DIGEST = 'cd'.repeat(32);
const acquireArgs = (lane: string) => ['lease-acquire', ...fx.laneArgs(lane), '--holder', 'rogue', '--ttl-seconds', '600'];
const withDigest = (lane: string, digest = fx.planDigest) => [...acquireArgs(lane), '--plan-digest', digest];
const mint = (job: Partial<JobIdentity>, options: Partial<MintOptions> = {}) =>
  fx.issuer.mint({ ...FIXTURE_JOB, ...job }, { audience: leaseAudience(fx.host, fx.planDigest), ...options });

/** A token signed with alg "none": what a forger without any key would try. */
function unsignedToken(): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: fx.issuer.issuer, aud: leaseAudience(fx.host, fx.planDigest), sub: 'x', iat: now, exp: now + 300, repository: FIXTURE_JOB.repository, job_workflow_ref: FIXTURE_JOB.jobWorkflowRef, environment: 'lanekeeper-apply', event_name: 'workflow_dispatch', ref: 'refs/heads/main', run_id: '1', run_attempt: '1', actor: 'mallory' })}.`;
}

const rogues: [string, () => Promise<{ args: string[]; stdin: string }>, string, RegExp][] = [
  ['no token at all (the ops user calling the helper directly)', async () => ({ args: acquireArgs('r1'), stdin: '' }), 'PROOF_MISSING', /OIDC token/],
  ['a plan digest but nothing on stdin', async () => ({ args: withDigest('r2'), stdin: '' }), 'PROOF_MISSING', /on stdin/],
  ['a token of another workflow', async () => ({ args: withDigest('r3'), stdin: await mint({ jobWorkflowRef: 'acme/ops/.github/workflows/rogue.yml@refs/heads/rogue' }) }), 'PROOF_INVALID', /job_workflow_ref/],
  ['the trusted reusable workflow at another branch', async () => ({ args: withDigest('r4'), stdin: await mint({ jobWorkflowRef: 'acme/lanekeeper/.github/workflows/lanes-reusable.yml@refs/heads/rogue' }) }), 'PROOF_INVALID', /job_workflow_ref/],
  ['a run started on another branch of the ops repository', async () => ({ args: withDigest('r5'), stdin: await mint({ ref: 'refs/heads/rogue' }) }), 'PROOF_INVALID', /claim "ref"/],
  ['a job outside the approval environment', async () => ({ args: withDigest('r6'), stdin: await mint({ environment: null }) }), 'PROOF_INVALID', /environment/],
  ['a job of another environment', async () => ({ args: withDigest('r7'), stdin: await mint({ environment: 'staging' }) }), 'PROOF_INVALID', /environment/],
  ['a push-triggered run', async () => ({ args: withDigest('r8'), stdin: await mint({ event: 'push' }) }), 'PROOF_INVALID', /event_name/],
  ['another repository', async () => ({ args: withDigest('r9'), stdin: await mint({ repository: 'mallory/ops' }) }), 'PROOF_INVALID', /repository/],
  ['an expired token', async () => ({ args: withDigest('r10'), stdin: await mint({}, { issuedAtOffsetSeconds: -1000, lifetimeSeconds: 300 }) }), 'PROOF_INVALID', /expired/],
  ['a long-lived token issued too long ago', async () => ({ args: withDigest('r11'), stdin: await mint({}, { issuedAtOffsetSeconds: -1200, lifetimeSeconds: 7200 }) }), 'PROOF_INVALID', /older than/],
  ['a token for another plan digest', async () => ({ args: withDigest('r12'), stdin: await mint({}, { audience: leaseAudience(fx.host, OTHER_DIGEST) }) }), 'PROOF_INVALID', /another host or another plan/],
  ['a valid token replayed with another plan digest', async () => ({ args: withDigest('r13', OTHER_DIGEST), stdin: await mint({}) }), 'PROOF_INVALID', /audience/],
  ['a token for another host', async () => ({ args: withDigest('r14'), stdin: await mint({}, { audience: leaseAudience('other-host', fx.planDigest) }) }), 'PROOF_INVALID', /another host/],
  ['a token signed by a key the host does not pin', async () => ({ args: withDigest('r15'), stdin: await mint({}, { foreignKey: true }) }), 'PROOF_INVALID', /does not pin|signature/],
  ['a token of another issuer', async () => ({ args: withDigest('r16'), stdin: await mint({}, { issuer: 'https://evil.example' }) }), 'PROOF_INVALID', /issuer/],
  ['an unsigned token (alg none)', async () => ({ args: withDigest('r17'), stdin: unsignedToken() }), 'PROOF_INVALID', /not proof/],
  ['garbage on stdin', async () => ({ args: withDigest('r18'), stdin: 'not-a-jwt' }), 'PROOF_INVALID', /not proof/],
];

describe('a rogue lease-acquire is refused and changes nothing', () => {
  test.each(rogues)('%s', async (_name, make, code, message) => {
    const { args, stdin } = await make();
    const before = fx.snapshot();
    const r = await fx.run(args, {}, { stdin, proof: false });
    expect(r.reply.error?.code).toBe(code);
    expect(r.reply.error?.message).toMatch(message);
    expect(r.exitCode).toBe(7);
    expect(fx.snapshot()).toBe(before);
  });
});

test('the approved job gets the lease, and its verified claims are recorded in it', async () => {
  const token = await mint({});
  const r = await fx.run(withDigest('good'), {}, { stdin: token, proof: false });
  expect(r.reply).toMatchObject({ ok: true, renewed: false });
  const proof = { runId: '4242', runAttempt: '2', actor: 'release-manager', jobWorkflowRef: FIXTURE_JOB.jobWorkflowRef, repository: 'acme/ops', environment: 'lanekeeper-apply', event: 'workflow_dispatch', planDigest: fx.planDigest };
  expect((r.reply.lease as { proof: unknown }).proof).toMatchObject(proof);
  const onDisk = JSON.parse(readFileSync(join(fx.stateDirectory, 'leases', 'good.json'), 'utf8')) as { proof: unknown };
  expect(onDisk.proof).toMatchObject(proof);
  // The token itself is never stored.
  expect(readFileSync(join(fx.stateDirectory, 'leases', 'good.json'), 'utf8')).not.toContain(token.split('.')[2]!);
  // A renewal names the live lease's token instead of proving again, and keeps the recorded proof.
  const fencing = (r.reply.lease as { fencingToken: number }).fencingToken;
  const renewed = await fx.run([...acquireArgs('good'), '--fencing-token', String(fencing)]);
  expect(renewed.reply).toMatchObject({ ok: true, renewed: true, lease: { proof } });
});

test('pinned commits: a job_workflow_sha outside trust.jobWorkflowShas is refused', async () => {
  const pinned = makeHelperFixture({
    trust: { jwks: fx.issuer.jwks(), repository: 'acme/ops', jobWorkflowRefs: [FIXTURE_JOB.jobWorkflowRef], jobWorkflowShas: ['1'.repeat(40)] },
  });
  try {
    const args = ['lease-acquire', ...pinned.laneArgs('x'), '--holder', 'h', '--ttl-seconds', '60', '--plan-digest', pinned.planDigest];
    const aud = leaseAudience(pinned.host, pinned.planDigest);
    const bad = await pinned.run(args, {}, { stdin: await fx.issuer.mint({ ...FIXTURE_JOB, jobWorkflowSha: '2'.repeat(40) }, { audience: aud }), proof: false });
    expect(bad.reply.error?.message).toMatch(/job_workflow_sha/);
    const good = await pinned.run(args, {}, { stdin: await fx.issuer.mint({ ...FIXTURE_JOB, jobWorkflowSha: '1'.repeat(40) }, { audience: aud }), proof: false });
    expect(good.reply).toMatchObject({ ok: true, lease: { proof: { jobWorkflowSha: '1'.repeat(40) } } });
  } finally {
    pinned.cleanup();
  }
});

test('a host config without a trust section grants no lease at all', async () => {
  const bare = makeHelperFixture({ trust: undefined });
  try {
    const r = await bare.run(['lease-acquire', ...bare.laneArgs('x'), '--holder', 'h', '--ttl-seconds', '60']);
    expect(r.reply.error?.code).toBe('PROOF_NOT_CONFIGURED');
    expect(r.reply.error?.fix).toMatch(/trust section/);
  } finally {
    bare.cleanup();
  }
});

test('a trust section with a private key member is refused as a whole config', async () => {
  const leaky = makeHelperFixture({
    trust: { jwks: { keys: [{ ...fx.issuer.jwks().keys[0]!, d: 'secret' }] }, repository: 'acme/ops', jobWorkflowRefs: [FIXTURE_JOB.jobWorkflowRef] },
  });
  try {
    const r = await leaky.run(['status']);
    expect(r.reply.error?.code).toBe('CONFIG_INVALID');
    expect(r.reply.error?.message).toMatch(/trust\.jwks\.keys\.0.*public key/);
  } finally {
    leaky.cleanup();
  }
});

test('an operator of the trust section takes a lease by hand without a token; the ops user through sudo cannot', async () => {
  const byHand = (lane: string) => ['lease-acquire', ...fx.laneArgs(lane), '--holder', 'by-hand', '--ttl-seconds', '60'];
  // The fixture's caller is sudo from uid 1000 (not an operator), as the ops user's calls are.
  expect((await fx.run(byHand('bh-1'), {}, { proof: false })).reply.error?.code).toBe('PROOF_MISSING');
  expect((await fx.run(byHand('bh-2'), { SUDO_UID: '' }, { proof: false })).reply.error?.code).toBe('PROOF_MISSING');
  // daemon (uid 1) is no operator either. (Not the lanes' user nobody: the helper refuses a caller
  // that is the lane's own service user before it looks at proofs.)
  expect((await fx.run(byHand('bh-3'), { SUDO_UID: '1' }, { proof: false })).reply.error?.code).toBe('PROOF_MISSING');
  // root (the default operator) through sudo from root, or without sudo.
  const root = await fx.run(byHand('bh-4'), { SUDO_UID: '0' }, { proof: false });
  expect(root.reply).toMatchObject({ ok: true, lease: { holder: 'by-hand' } });
  expect((root.reply.lease as { proof?: unknown }).proof).toBeUndefined();
});

test('operators are the trust section\'s to name: nobody listed may work by hand, root not listed may not', async () => {
  const custom = makeHelperFixture({ trust: { jwks: fx.issuer.jwks(), repository: 'acme/ops', jobWorkflowRefs: [FIXTURE_JOB.jobWorkflowRef], operators: ['daemon'] } });
  try {
    const args = ['lease-acquire', ...custom.laneArgs('x'), '--holder', 'by-hand', '--ttl-seconds', '60'];
    expect((await custom.run(args, { SUDO_UID: '0' }, { proof: false })).reply.error?.code).toBe('PROOF_MISSING');
    expect((await custom.run(args, { SUDO_UID: '1' }, { proof: false })).reply).toMatchObject({ ok: true });
  } finally {
    custom.cleanup();
  }
});

test('a token takes one lease only: replayed after the lease was released, it is refused', async () => {
  const token = await mint({});
  const first = await fx.run(withDigest('replay'), {}, { stdin: token, proof: false });
  expect(first.reply).toMatchObject({ ok: true });
  const fencing = (first.reply.lease as { fencingToken: number }).fencingToken;
  await fx.run(['lease-release', ...fx.laneArgs('replay'), '--holder', 'rogue', '--fencing-token', String(fencing)]);
  const before = fx.snapshot();
  const again = await fx.run(withDigest('replay'), {}, { stdin: token, proof: false });
  expect(again.reply.error).toMatchObject({ code: 'PROOF_INVALID', message: expect.stringContaining('already used') });
  // The same token on another lane of the same plan: refused as well.
  expect((await fx.run(withDigest('replay-2'), {}, { stdin: token, proof: false })).reply.error?.message).toContain('already used');
  expect(fx.snapshot()).toBe(before);
});

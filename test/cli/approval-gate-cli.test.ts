// `lanekeeper approval-gate`, as the reusable workflow's plan job runs it before an apply
// (bundled CLI, against the simulator's environments API): refused unless lanekeeper-apply has
// required reviewers, prevent self-review and a deployment-branch rule, or the policy waives the
// check, and then every plan carries the warning.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SimEnvironments } from '../../src/sim/environments-api.js';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { runBundledCli, type CliRun } from '../support/bundled-cli.js';

const RUN_TOKEN = 'ghs_RunTokenOfTheOpsRepository000000000';
let sim: GitHubSimulator;
let environments: SimEnvironments;
const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-gate-'));

beforeAll(async () => {
  sim = new GitHubSimulator();
  environments = new SimEnvironments([RUN_TOKEN]);
  sim.use(environments.handler);
  await sim.start();
});
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function policy(extra: Record<string, unknown> = {}): string {
  const file = join(dir, `policy-${Math.random().toString(16).slice(2)}.yml`);
  writeFileSync(
    file,
    stringify({
      version: 1,
      repositories: ['acme/api'],
      hosts: { 'box-1': { approved: true, registrationRoots: ['/srv/runners'], serviceUsers: ['runner'] } },
      lanes: [{ name: 'a', repository: 'acme/api', host: 'box-1', registrationRoot: '/srv/runners', serviceUser: 'runner', labels: ['lanekeeper-managed'] }],
      ...extra,
    }),
  );
  return file;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runBundledCli(args, { GITHUB_API_URL: sim.url, GITHUB_REPOSITORY: 'acme/ops', GITHUB_TOKEN: RUN_TOKEN, ...env });
}

describe('the approval gate before an apply', () => {
  const cases: [string, Parameters<SimEnvironments['set']>[2], RegExp | null][] = [
    ['a missing environment', null, /does not exist/],
    ['no required reviewers', { reviewers: [], preventSelfReview: true, branches: 'protected' }, /no required reviewers/],
    ['self-review allowed', { reviewers: ['alice'], preventSelfReview: false, branches: 'protected' }, /Prevent self-review/],
    ['any branch may deploy', { reviewers: ['alice'], preventSelfReview: true, branches: null }, /any branch may deploy/],
    ['a protected environment', { reviewers: ['alice', 'bob'], preventSelfReview: true, branches: 'protected' }, null],
    ['custom branch policies', { reviewers: ['alice'], preventSelfReview: true, branches: 'custom' }, null],
  ];
  it.each(cases)('%s', async (_name, environment, problem) => {
    environments.set('acme/ops', 'lanekeeper-apply', environment);
    const r = await cli(['approval-gate', '--policy', policy()]);
    if (problem) {
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toMatch(problem);
      expect(r.stderr).toContain('Settings → Environments → lanekeeper-apply');
    } else {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toContain('The approval gate holds');
    }
  });

  it('needs the run token: without it, a usage error that names the permission', async () => {
    const r = await cli(['approval-gate', '--policy', policy()], { GITHUB_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('actions: read');
  });

  it('a policy that waives the gate passes with a warning, and every plan carries it', async () => {
    environments.set('acme/ops', 'lanekeeper-apply', null);
    const file = policy({ approvalGate: { required: false, reason: 'GitHub Free: no required reviewers on private repositories' } });
    const gate = await cli(['approval-gate', '--policy', file]);
    expect(gate.code, gate.stderr).toBe(0);
    expect(gate.stderr).toContain('waived by the policy (GitHub Free');
    const validate = await cli(['validate', '--policy', file]);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toContain('approval gate is waived');
    const out = join(dir, 'plan-out');
    writeFileSync(join(dir, 'observed.json'), JSON.stringify({ schemaVersion: 1, observedAt: '2026-01-01T00:00:00Z', github: [], hosts: {} }));
    const plan = await cli(['plan', '--policy', file, '--observed', join(dir, 'observed.json'), '--output-dir', out]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('approval gate is waived');
    const planJson = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { policyProblems: { code: string }[] };
    expect(planJson.policyProblems.map((p) => p.code)).toContain('approval_gate_waived');
  });

  it('waiving needs a reason', async () => {
    const r = await cli(['validate', '--policy', policy({ approvalGate: { required: false } })]);
    expect(r.code).toBe(3);
    expect(r.stderr + r.stdout).toContain('waiving the approval gate needs a "reason"');
  });
});

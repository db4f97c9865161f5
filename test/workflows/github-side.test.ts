/**
 * What the reusable workflow needs to hold on github.com, checked on the parsed files and by
 * running its scripts with stand-ins for curl and the CLI: it runs the Lanekeeper code its `uses:`
 * line names (read from the job's OIDC claims), reads a private Lanekeeper repository with an App
 * token, mints the runner token for the policy's one owner with least permissions, names its
 * artifacts per call, and takes an empty mode for a dry-run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, interpolate, type ExpressionContext } from './expression.js';
import { loadWorkflow, readWorkflowText, stepsOf, type Job, type Step } from './workflows.js';

const reusable = loadWorkflow('lanes-reusable.yml');
const scratch = mkdtempSync(join(tmpdir(), 'lanekeeper-github-side-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const hasJq = spawnSync('jq', ['--version']).status === 0;

const job = (id: string): Job => reusable.jobs[id]!;
const stepOf = (j: Job, predicate: (s: Step) => boolean): Step => {
  const s = (j.steps ?? []).find(predicate);
  if (!s) throw new Error('no such step');
  return s;
};

let runNo = 0;
/** Runs a step's script in bash with GITHUB_OUTPUT, `bin` stand-ins first on PATH. */
function runScript(script: string, env: Record<string, string>, bin: Record<string, string> = {}, files: Record<string, string> = {}) {
  const dir = join(scratch, `run-${++runNo}`);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  for (const [name, text] of Object.entries(bin)) {
    writeFileSync(join(dir, 'bin', name), text);
    chmodSync(join(dir, 'bin', name), 0o755);
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const out = join(dir, 'github-output');
  writeFileSync(out, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: dir,
    env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, GITHUB_OUTPUT: out, ...env },
    encoding: 'utf8',
  });
  const outputs = Object.fromEntries(readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

/** A JWT-shaped token with these claims (the script only decodes; GitHub signed it). */
function fakeToken(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}.c2lnbmF0dXJl`;
}

describe('the workflow runs the Lanekeeper code its uses: line names', () => {
  const identity = stepOf(job('hosts'), (s) => s.id === 'self');
  const curlAnswering = (claims: Record<string, unknown>) =>
    `#!/bin/bash\necho "$@" > curl-args\nprintf '%s' '${JSON.stringify({ value: fakeToken(claims) })}'\n`;
  const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x?api-version=2.0', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' };
  const sha = '0123456789abcdef0123456789abcdef01234567';

  it.skipIf(!hasJq)('reads repository and commit from job_workflow_ref / job_workflow_sha of its own OIDC token', () => {
    const r = runScript(identity.run!, env, { curl: curlAnswering({ job_workflow_ref: 'platform/lanekeeper/.github/workflows/lanes-reusable.yml@refs/tags/v1', job_workflow_sha: sha, repository: 'acme/ops' }) });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ repository: 'platform/lanekeeper', owner: 'platform', name: 'lanekeeper', sha });
    // The token is masked before anything is printed.
    expect(r.stdout).toMatch(/^::add-mask::/);
    // The audience is one no host accepts (hosts want lanekeeper:<host>:<plan digest>).
    expect(readFileSync(join(scratch, `run-${runNo}`, 'curl-args'), 'utf8')).toContain('audience=lanekeeper-workflow-identity');
  });

  it.skipIf(!hasJq)('gives each call its own id for artifact names', () => {
    const claims = { job_workflow_ref: 'a/b/.github/workflows/lanes-reusable.yml@refs/heads/main', job_workflow_sha: sha };
    const ids = [1, 2, 3].map(() => runScript(identity.run!, env, { curl: curlAnswering(claims) }).outputs['call-id']);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it('fails with the fix when the caller did not grant id-token: write', () => {
    const r = runScript(identity.run!, {});
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("must grant 'id-token: write'");
  });

  it.skipIf(!hasJq)('refuses claims that name no workflow', () => {
    const r = runScript(identity.run!, env, { curl: curlAnswering({ job_workflow_ref: 'x', job_workflow_sha: 'main' }) });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('names no usable workflow');
  });

  it('every job checks Lanekeeper out from that repository and commit, and no input can point elsewhere', () => {
    expect(Object.keys(reusable.on.workflow_call!.inputs!)).not.toEqual(expect.arrayContaining(['lanekeeper-repository']));
    expect(readWorkflowText('lanes-reusable.yml')).not.toMatch(/inputs\.lanekeeper-|github\.sha/);
    const checkouts = stepsOf(reusable).filter(({ step: s }) => s.name === 'Check out Lanekeeper');
    expect(checkouts.map((c) => c.job).sort()).toEqual(['apply', 'audit', 'hosts', 'inventory', 'plan']);
    for (const { job: id, step: s } of checkouts) {
      const from = id === 'hosts' ? 'steps.self.outputs' : 'needs.hosts.outputs';
      expect(s.with, id).toMatchObject({
        repository: `\${{ ${from}.${id === 'hosts' ? 'repository' : 'lanekeeper-repository'} }}`,
        ref: `\${{ ${from}.${id === 'hosts' ? 'sha' : 'lanekeeper-sha'} }}`,
        'sparse-checkout': 'dist',
        'persist-credentials': false,
      });
    }
  });

  it('a private Lanekeeper repository is read with an App token for exactly that repository, contents: read', () => {
    for (const id of ['hosts', 'inventory', 'plan', 'apply', 'audit']) {
      const steps = job(id).steps!;
      const at = steps.findIndex((s) => s.name === 'Check out Lanekeeper');
      const mint = steps[at - 1]!;
      expect(mint.id, id).toBe('lanekeeper-token');
      expect(mint.uses, id).toMatch(/^actions\/create-github-app-token@/);
      expect((mint as Step & { 'continue-on-error'?: boolean })['continue-on-error'], `${id}: a public repository needs no App`).toBe(true);
      expect(mint.with?.['permission-contents'], id).toBe('read');
      expect(Object.keys(mint.with ?? {}).filter((k) => k.startsWith('permission-')), id).toEqual(['permission-contents']);
      const from = id === 'hosts' ? 'steps.self.outputs' : 'needs.hosts.outputs';
      expect(mint.with?.owner, id).toBe(`\${{ ${from}.${id === 'hosts' ? 'owner' : 'lanekeeper-owner'} }}`);
      expect(mint.with?.repositories, id).toBe(`\${{ ${from}.${id === 'hosts' ? 'name' : 'lanekeeper-name'} }}`);
      expect(job(id).env?.HAS_APP, id).toBe("${{ secrets.LANEKEEPER_APP_ID != '' }}");
    }
  });
});

describe('the runner token: one owner, least permissions', () => {
  const owners = stepOf(job('hosts'), (s) => s.id === 'owners');
  const cli = (json: string) => ({ '.lanekeeper-action/dist/cli/index.js': `process.stdout.write(${JSON.stringify(json)})`, 'package.json': '{"type":"commonjs"}' });

  it.skipIf(!hasJq)('a policy naming several owners is refused up front when an App is configured', () => {
    const scopes = JSON.stringify({ owners: ['acme', 'globex'], repositories: ['api'], organizations: true });
    const r = runScript(owners.run!, { HAS_APP: 'true', POLICY: 'p.yml', LANE: 'all' }, {}, cli(scopes));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('several owners (acme, globex)');
    expect(r.stdout).toContain('LANEKEEPER_TOKEN');
    // With a fine-grained token instead of the App, several owners are fine.
    expect(runScript(owners.run!, { HAS_APP: 'false', POLICY: 'p.yml', LANE: 'all' }, {}, cli(scopes)).status).toBe(0);
  });

  it.skipIf(!hasJq)('one owner passes', () => {
    const r = runScript(owners.run!, { HAS_APP: 'true', POLICY: 'p.yml', LANE: 'all' }, {}, cli(JSON.stringify({ owners: ['acme'], repositories: ['api', 'web'], organizations: false })));
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('Runner tokens: acme');
  });

  it('the action mints and renews the runner token itself, from the App credentials, for inventory and apply', () => {
    for (const id of ['inventory', 'apply']) {
      const s = stepOf(job(id), (x) => x.uses === './.lanekeeper-action');
      expect(s.with, id).toMatchObject({
        'app-id': '${{ secrets.LANEKEEPER_APP_ID }}',
        'app-private-key': '${{ secrets.LANEKEEPER_APP_PRIVATE_KEY }}',
        token: '${{ secrets.LANEKEEPER_TOKEN }}',
      });
      // No token minted by the workflow (it would die after an hour, halfway through a long apply).
      expect((job(id).steps ?? []).filter((x) => x.id === 'app-token'), id).toEqual([]);
    }
    // The permissions per command (read for inventory, write for apply) are the action's:
    // test/github/app-token-renewal.test.ts.
  });
});

describe('the approval gate is checked before an apply', () => {
  const plan = job('plan');
  const steps = plan.steps!;
  const gate = stepOf(plan, (s) => s.name === 'Check the approval gate');

  it('in apply mode only, in the plan job, before the apply request is checked and any host job is queued', () => {
    expect(evaluate(gate.if!, { inputs: { mode: 'apply' } })).toBe(true);
    expect(evaluate(gate.if!, { inputs: { mode: 'dry-run' } })).toBe(false);
    expect(evaluate(gate.if!, { inputs: { mode: '' } })).toBe(false);
    expect(steps.indexOf(gate)).toBeLessThan(steps.findIndex((s) => s.name === 'Check the apply request'));
    expect(job('apply').needs).toContain('plan');
  });

  it('runs `lanekeeper approval-gate` with the run token, which may read environments', () => {
    expect(gate.run).toBe('node .lanekeeper-action/dist/cli/index.js approval-gate --policy "$POLICY"');
    expect(gate.env).toEqual({ POLICY: '${{ inputs.policy }}', GITHUB_TOKEN: '${{ github.token }}' });
    expect(plan.permissions).toEqual({ contents: 'read', actions: 'read' });
  });
});

describe('hosts whose ops runner is offline get no job', () => {
  const hosts = job('hosts');
  const steps = hosts.steps!;
  const ops = stepOf(hosts, (s) => s.id === 'ops');
  const list = stepOf(hosts, (s) => s.id === 'hosts');

  it('the ops runners are checked before the matrix is made, with a token that may list them', () => {
    expect(steps.indexOf(ops)).toBeLessThan(steps.indexOf(list));
    expect(ops.run).toContain('ops-runners --policy "$POLICY" --lane "$LANE" --output-dir .lanekeeper --json');
    expect(ops.env?.LANEKEEPER_TOKEN).toBe('${{ steps.ops-token.outputs.token || secrets.LANEKEEPER_TOKEN }}');
    const mint = stepOf(hosts, (s) => s.id === 'ops-token');
    expect(mint.with).toMatchObject({ owner: '${{ github.repository_owner }}', repositories: '${{ github.event.repository.name }}', 'permission-administration': 'read' });
    expect(list.env?.OFFLINE).toBe('${{ steps.ops.outputs.offline }}');
  });

  it('the runner group is checked against the reusable workflow ref of the run\'s own OIDC token', () => {
    expect(ops.env?.LANEKEEPER_WORKFLOW_REF).toBe('${{ steps.self.outputs.workflow-ref }}');
    expect(stepOf(hosts, (s) => s.id === 'self').run).toContain('echo "workflow-ref=$ref"');
  });

  it.skipIf(!hasJq)('each runner group gap is an annotation and a line of the job summary; none, nothing is uploaded', () => {
    const message = 'runner group "lanekeeper-ops" of acme (ops runners box-1-ops): visibility is "all" 100%. Fix: Settings';
    const observed = { schemaVersion: 1, observedAt: '2026-01-01T00:00:00Z', github: [], hosts: {}, warnings: [{ code: 'ops_runner_group_open', path: 'github.org:acme.runnerGroups.lanekeeper-ops.visibility', message }] };
    const report = { online: ['box-1'], offline: [], checked: true, runnerGroups: { status: 'checked', groups: [] } };
    const fakeCli = (writes: boolean) => ({
      '.lanekeeper-action/dist/cli/index.js': `${writes ? `require('fs').mkdirSync('.lanekeeper', { recursive: true }); require('fs').writeFileSync('.lanekeeper/observed.json', ${JSON.stringify(JSON.stringify(observed))});` : ''} process.stdout.write(${JSON.stringify(JSON.stringify(report))})`,
      'package.json': '{"type":"commonjs"}',
    });
    const summary = join(scratch, 'ops-summary.md');
    writeFileSync(summary, '');
    const open = runScript(ops.run!, { POLICY: 'p.yml', LANE: 'all', GITHUB_STEP_SUMMARY: summary }, {}, fakeCli(true));
    expect(open.status, open.stderr).toBe(0);
    expect(open.outputs).toMatchObject({ offline: '[]', observed: 'true' });
    expect(open.stdout).toContain(`::warning title=Ops runner group::${message.replace('%', '%25')}\n`);
    expect(open.stdout).toContain('Runner group of the ops runners: checked');
    expect(readFileSync(summary, 'utf8')).toBe(`### The ops runners can be used by more than the approved workflow\n\n- ${message}\n`);
    writeFileSync(summary, '');
    const closed = runScript(ops.run!, { POLICY: 'p.yml', LANE: 'all', GITHUB_STEP_SUMMARY: summary }, {}, fakeCli(false));
    expect(closed.status, closed.stderr).toBe(0);
    expect(closed.outputs).toMatchObject({ offline: '[]', observed: 'false' });
    expect(closed.stdout).not.toContain('::warning');
    expect(readFileSync(summary, 'utf8')).toBe('');
  });

  it.skipIf(!hasJq)('an offline host leaves the matrix', () => {
    const cli = { '.lanekeeper-action/dist/cli/index.js': `process.stdout.write('["box1","box2","box3"]')`, 'package.json': '{"type":"commonjs"}' };
    const r = runScript(list.run!, { POLICY: 'p.yml', LANE: 'all', OFFLINE: '["box2"]' }, {}, cli);
    expect(r.status, r.stderr).toBe(0);
    expect(r.outputs.hosts).toBe('["box1","box3"]');
    expect(JSON.parse(r.outputs.matrix!).map((m: { host: string }) => m.host)).toEqual(['box1', 'box3']);
  });

  it('their ops_runner_offline observations and runner group warnings go to the plan job with the inventories', () => {
    const upload = steps[steps.indexOf(ops) + 1]!;
    expect(upload.if).toBe("steps.ops.outputs.observed == 'true'");
    expect(upload.with).toMatchObject({ path: '.lanekeeper', name: 'lanekeeper-${{ steps.self.outputs.call-id }}-inventory-ops-runners' });
    const pattern = String(stepOf(job('plan'), (s) => s.uses?.startsWith('actions/download-artifact@') === true).with?.pattern);
    expect(pattern).toBe('lanekeeper-${{ needs.hosts.outputs.call-id }}-inventory-*');
  });
});

describe('small things that break real runs', () => {
  it('an empty mode is a dry-run: the apply request check is skipped, as the action treats it', () => {
    const check = stepOf(job('plan'), (s) => s.name === 'Check the apply request');
    expect(evaluate(check.if!, { inputs: { mode: '' } })).toBe(false);
    expect(evaluate(check.if!, { inputs: { mode: 'dry-run' } })).toBe(false);
    expect(evaluate(check.if!, { inputs: { mode: 'aply' } })).toBe(true);
    expect(evaluate(job('apply').if!, { inputs: { mode: '' }, github: { event_name: 'workflow_dispatch' }, needs: { inventory: { result: 'success' }, plan: { result: 'success' } } })).toBe(false);
  });

  it('every artifact a job uploads or downloads is named with this call\'s id, and so is the audit artifact', () => {
    const transfers = stepsOf(reusable).filter(({ step: s }) => /^actions\/(upload|download)-artifact@/.test(s.uses ?? ''));
    expect(transfers.length).toBeGreaterThanOrEqual(6);
    for (const { job: id, step: s } of transfers) {
      const callId = id === 'hosts' ? 'steps.self.outputs.call-id' : 'needs.hosts.outputs.call-id';
      expect(String(s.with?.name ?? s.with?.pattern), id).toContain(`lanekeeper-\${{ ${callId} }}-`);
      expect(String(s.with?.name ?? s.with?.pattern), id).toMatch(/^lanekeeper-\$\{\{ [a-z.-]+ \}\}-/);
    }
    expect(job('audit').env?.LANEKEEPER_CALL_ID).toBe('${{ needs.hosts.outputs.call-id }}');
    expect(job('hosts').outputs?.['call-id']).toBe('${{ steps.self.outputs.call-id }}');
  });

  it('host names are checked again where they become labels and artifact names', () => {
    const script = stepOf(job('hosts'), (s) => s.id === 'hosts').run!;
    expect(script).toContain('test("^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$")');
  });

  // Moved off node20 to commits read from each action's own repository (the tag's commit and its
  // action.yml `runs.using`); actions/checkout v5 and actions/setup-node v5 already run on node24.
  it('pins only actions that run on node24, at the verified commits', () => {
    const verified: Record<string, [string, string]> = {
      'actions/checkout': ['08c6903cd8c0fde910a37f88322edcfb5dd907a8', 'v5.0.0'],
      'actions/setup-node': ['a0853c24544627f65ddf259abe73b1d18a591444', 'v5.0.0'],
      'actions/upload-artifact': ['bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', 'v7.0.0'],
      'actions/download-artifact': ['3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', 'v8.0.1'],
      'actions/create-github-app-token': ['1b10c78c7865c340bc4f6099eb2f838309f1e8c3', 'v3.1.1'],
    };
    for (const file of ['lanes.yml', 'lanes-reusable.yml', 'ci.yml', 'check-dist.yml']) {
      for (const [, name, sha, version] of readWorkflowText(file).matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)) {
        expect(verified[name!], `${file}: ${name}`).toEqual([sha, version]);
      }
    }
  });
});

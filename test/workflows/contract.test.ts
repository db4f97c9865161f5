/**
 * The workflows' contract, checked on the parsed files: dry-run unless a person asks for apply by
 * hand with the confirmation, apply only behind its gates and environment, audit always, inputs
 * of both triggers in agreement, one run per lane, least permissions, pinned actions, no
 * expressions spliced into shell scripts, and action.yml naming exactly src/constants.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_HOST_CONFIG_PATH,
  DEFAULT_OUTPUT_DIR,
  DEFAULT_POLICY_PATH,
  Inputs,
  Modes,
  Outputs,
} from '../../src/constants.js';
import { evaluate, interpolate, jobRuns, type ExpressionContext, type Value } from './expression.js';
import {
  loadAction,
  loadWorkflow,
  needsOf,
  readWorkflowText,
  stepsOf,
  workflowFiles,
  type Job,
  type Step,
  type Workflow,
} from './workflows.js';

const lanes = loadWorkflow('lanes.yml');
const reusable = loadWorkflow('lanes-reusable.yml');
const action = loadAction();
const REUSABLE_PATH = './.github/workflows/lanes-reusable.yml';
/**
 * Inputs only a caller of the reusable workflow has: none. Where Lanekeeper comes from is the
 * `uses:` line itself (read from the job's OIDC claims), so no input can disagree with it.
 */
const CALL_ONLY_INPUTS: string[] = [];
const PERSON_INPUTS = ['lane', 'mode', 'confirmation', 'policy'];

function job(workflow: Workflow, id: string): Job {
  const j = workflow.jobs[id];
  if (!j) throw new Error(`job ${id} is missing`);
  return j;
}

function step(j: Job, predicate: (s: Step) => boolean, what: string): Step {
  const s = (j.steps ?? []).find(predicate);
  if (!s) throw new Error(`no step ${what}`);
  return s;
}

const isLanekeeperStep = (s: Step): boolean => s.uses === './.lanekeeper-action';

// ---------------------------------------------------------------------------------------------
// A run of the chain, decided the way GitHub decides it: lanes.yml maps its trigger onto the
// reusable workflow's inputs, and each job's `if` is evaluated against the needed jobs' results.

type Result = 'success' | 'failure' | 'cancelled' | 'skipped';

interface RunScenario {
  event: 'workflow_dispatch' | 'schedule';
  /** What the person typed in the Run workflow form (dispatch only). */
  form?: Partial<Record<'lane' | 'mode' | 'confirmation' | 'policy', string>>;
  /** Forced results of jobs that run; the rest succeed. */
  results?: Partial<Record<string, Result>>;
}

function callInputs(scenario: RunScenario): Record<string, Value> {
  const dispatchInputs = lanes.on.workflow_dispatch!.inputs!;
  // A dispatch fills every input (typed or default); other events have an empty inputs context.
  // A form given with another event stands for inputs that should never count.
  const inputs: Record<string, Value> = { ...scenario.form };
  if (scenario.event === 'workflow_dispatch') {
    for (const [name, def] of Object.entries(dispatchInputs)) inputs[name] = scenario.form?.[name as 'lane'] ?? (def.default as Value) ?? '';
  }
  const ctx: ExpressionContext = { github: { event_name: scenario.event }, inputs, secrets: {} };
  const caller = job(lanes, 'lanes');
  const mapped: Record<string, Value> = {};
  for (const [name, def] of Object.entries(reusable.on.workflow_call!.inputs!)) mapped[name] = (def.default as Value) ?? '';
  for (const [name, value] of Object.entries(caller.with ?? {})) mapped[name] = interpolate(String(value), ctx);
  return mapped;
}

function simulate(scenario: RunScenario): { inputs: Record<string, Value>; ran: Set<string> } {
  const inputs = callInputs(scenario);
  const results: Record<string, Result> = {};
  const context = (): ExpressionContext => ({
    github: { event_name: scenario.event, repository: 'acme/ops' },
    inputs,
    needs: Object.fromEntries(
      Object.entries(results).map(([id, result]) => [id, { result, outputs: { hosts: '["box1"]' } }]),
    ),
  });
  const pending = new Set(Object.keys(reusable.jobs));
  while (pending.size > 0) {
    const ready = [...pending].find((id) => needsOf(job(reusable, id)).every((n) => n in results));
    if (!ready) throw new Error('the jobs form a cycle');
    pending.delete(ready);
    const j = job(reusable, ready);
    const needsResults = needsOf(j).map((n) => results[n]!);
    results[ready] = jobRuns(j.if, context(), { needsResults }) ? (scenario.results?.[ready] ?? 'success') : 'skipped';
  }
  return { inputs, ran: new Set(Object.entries(results).filter(([, r]) => r !== 'skipped').map(([id]) => id)) };
}

describe('dry-run is the default', () => {
  it('in the Run workflow form, the reusable workflow and the action', () => {
    const mode = lanes.on.workflow_dispatch!.inputs!.mode!;
    expect(mode).toMatchObject({ type: 'choice', default: 'dry-run' });
    expect(mode.options).toEqual([...Modes]);
    expect(reusable.on.workflow_call!.inputs!.mode!.default).toBe('dry-run');
    expect(action.inputs[Inputs.Mode]!.default).toBe('dry-run');
  });

  it('a dispatch left at its defaults plans and audits but never applies', () => {
    const run = simulate({ event: 'workflow_dispatch' });
    expect(run.inputs.mode).toBe('dry-run');
    expect([...run.ran].sort()).toEqual(['audit', 'hosts', 'inventory', 'plan']);
  });
});

describe('the schedule reports drift and can never apply', () => {
  it('is a cron trigger of lanes.yml', () => {
    expect(lanes.on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
  });

  it('is mapped to dry-run with no confirmation, whatever the inputs would say', () => {
    const run = simulate({ event: 'schedule' });
    expect(run.inputs).toMatchObject({ mode: 'dry-run', confirmation: '', lane: 'all', policy: DEFAULT_POLICY_PATH });
    expect(run.ran.has('apply')).toBe(false);
    expect(run.ran.has('plan') && run.ran.has('audit')).toBe(true);
    const forced = simulate({ event: 'schedule', form: { mode: 'apply', confirmation: 'apply 0123456789ab' } });
    expect(forced.inputs).toMatchObject({ mode: 'dry-run', confirmation: '' });
    expect(forced.ran.has('apply')).toBe(false);
  });

  it('reaches no apply even when the reusable workflow is handed mode apply', () => {
    const apply = job(reusable, 'apply');
    const ctx: ExpressionContext = {
      github: { event_name: 'schedule' },
      inputs: { mode: 'apply', confirmation: 'apply 0123456789ab' },
      needs: { hosts: { result: 'success' }, inventory: { result: 'success' }, plan: { result: 'success' } },
    };
    expect(jobRuns(apply.if, ctx, { needsResults: ['success', 'success', 'success'] })).toBe(false);
  });

  it('fails the scheduled run when the plan has changes or blocked lanes', () => {
    const drift = job(lanes, 'drift');
    expect(drift.if).toBe("github.event_name == 'schedule'");
    expect(needsOf(drift)).toEqual(['lanes']);
    const script = step(drift, (s) => s.run !== undefined, 'with a script').run!;
    const run = (env: Record<string, string>) =>
      spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
    expect(run({ CHANGES: '0', BLOCKED: '0', DIGEST: 'ab'.repeat(32) }).status).toBe(0);
    expect(run({ CHANGES: '2', BLOCKED: '0' }).status).toBe(1);
    const blocked = run({ CHANGES: '0', BLOCKED: '1' });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('::error::Lanes drifted');
    // Every output the drift job reads is one the reusable workflow declares.
    for (const value of Object.values(step(drift, (s) => s.run !== undefined, 'with a script').env ?? {})) {
      const m = /needs\.lanes\.outputs\.([\w-]+)/.exec(value);
      if (m) expect(Object.keys(reusable.on.workflow_call!.outputs!)).toContain(m[1]);
    }
  });
});

describe('the apply job', () => {
  const apply = job(reusable, 'apply');

  it('runs only for a manual dispatch with mode apply after every host was inventoried and planned', () => {
    const events = ['workflow_dispatch', 'schedule', 'push', 'pull_request', 'workflow_call'];
    const modes = ['dry-run', 'apply', 'APPLY', '', 'yes'];
    const results: Result[] = ['success', 'failure', 'cancelled', 'skipped'];
    for (const event of events)
      for (const mode of modes)
        for (const inventory of results)
          for (const plan of results) {
            const ctx: ExpressionContext = {
              github: { event_name: event },
              inputs: { mode },
              needs: { hosts: { result: 'success' }, inventory: { result: inventory }, plan: { result: plan } },
            };
            const runs = jobRuns(apply.if, ctx, { needsResults: ['success', inventory, plan] });
            const expected = event === 'workflow_dispatch' && mode.toLowerCase() === 'apply' && inventory === 'success' && plan === 'success';
            expect({ event, mode, inventory, plan, runs }).toEqual({ event, mode, inventory, plan, runs: expected });
          }
  });

  it('a dispatch with mode apply runs it', () => {
    const run = simulate({ event: 'workflow_dispatch', form: { mode: 'apply', confirmation: 'apply 0123456789ab' } });
    expect(run.ran.has('apply')).toBe(true);
  });

  it('a failed plan job (wrong confirmation) keeps it from running', () => {
    const run = simulate({ event: 'workflow_dispatch', form: { mode: 'apply' }, results: { plan: 'failure' } });
    expect(run.ran.has('apply')).toBe(false);
    expect(run.ran.has('audit')).toBe(true);
  });

  it('uses an environment for the approval gate and runs on the host ops runners', () => {
    const env = typeof apply.environment === 'string' ? apply.environment : apply.environment?.name;
    expect(env).toBe('lanekeeper-apply');
    expect(apply['runs-on']).toBe('${{ matrix.runs-on }}');
    expect(apply.strategy?.matrix).toEqual({ include: '${{ fromJSON(needs.hosts.outputs.matrix) }}' });
    expect(apply.strategy?.['fail-fast']).toBe(false);
  });

  it('passes the mode, the confirmation and this run\'s plan to the action', () => {
    const s = step(apply, isLanekeeperStep, 'running Lanekeeper');
    expect(s.with).toMatchObject({
      command: 'apply',
      mode: '${{ inputs.mode }}',
      confirmation: '${{ inputs.confirmation }}',
      host: '${{ matrix.host }}',
      plan: '.lanekeeper-in/lanekeeper-plan/${{ needs.plan.outputs.plan-file }}',
    });
    expect(needsOf(apply)).toEqual(expect.arrayContaining(['hosts', 'inventory', 'plan']));
  });
});

describe('the plan job checks the apply request before any host is touched', () => {
  const plan = job(reusable, 'plan');
  const check = step(plan, (s) => s.name === 'Check the apply request', 'checking the apply request');
  const phrase = 'apply 0123456789ab';
  const run = (env: Record<string, string>) =>
    spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', check.run!], {
      env: { PATH: process.env.PATH, EXPECTED: phrase, ...env },
      encoding: 'utf8',
    });

  it('is skipped in dry-run', () => {
    const ctx = (mode: string): ExpressionContext => ({ inputs: { mode } });
    expect(evaluate(check.if!, ctx('dry-run'))).toBe(false);
    expect(evaluate(check.if!, ctx('apply'))).toBe(true);
  });

  it('accepts only the exact phrase of this run\'s plan, from a manual dispatch', () => {
    expect(run({ MODE: 'apply', EVENT: 'workflow_dispatch', CONFIRMATION: phrase }).status).toBe(0);
    for (const confirmation of ['', 'apply', 'apply 0123456789AB', `${phrase} `, 'apply 0123456789ac']) {
      const r = run({ MODE: 'apply', EVENT: 'workflow_dispatch', CONFIRMATION: confirmation });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(`confirmation '${phrase}'`);
    }
    expect(run({ MODE: 'apply', EVENT: 'schedule', CONFIRMATION: phrase }).status).toBe(1);
    expect(run({ MODE: 'APPLY', EVENT: 'workflow_dispatch', CONFIRMATION: phrase }).status).toBe(1);
  });

  it('reads every value from env, and the phrase from the plan step', () => {
    expect(check.env).toEqual({
      MODE: '${{ inputs.mode }}',
      EVENT: '${{ github.event_name }}',
      CONFIRMATION: '${{ inputs.confirmation }}',
      EXPECTED: '${{ steps.plan.outputs.confirmation-phrase }}',
    });
  });
});

describe('the audit job', () => {
  const audit = job(reusable, 'audit');

  // always() rather than !cancelled(): an apply cancelled halfway is the run whose record matters
  // most, and the audit job itself only reads artifacts and uploads the record.
  it('runs always, after every other job, including a cancelled run', () => {
    expect(audit.if).toBe('always()');
    expect(needsOf(audit).sort()).toEqual(Object.keys(reusable.jobs).filter((id) => id !== 'audit').sort());
    expect(jobRuns(audit.if, {}, { needsResults: ['failure', 'skipped', 'skipped', 'skipped'], workflowCancelled: true })).toBe(true);
  });

  it('audits whatever the run produced, failed or not', () => {
    for (const results of [{ inventory: 'failure' as const }, { plan: 'failure' as const }, { apply: 'failure' as const }, { hosts: 'failure' as const }]) {
      const run = simulate({ event: 'workflow_dispatch', form: { mode: 'apply' }, results });
      expect(run.ran.has('audit')).toBe(true);
    }
  });

  it('fetches the artifact of every job that records, and runs the audit command', () => {
    const call = { matrix: { host: 'box1' }, needs: { hosts: { outputs: { 'call-id': 'c0ffee01' } } } };
    const pattern = interpolate(step(audit, (s) => s.uses?.startsWith('actions/download-artifact@') === true, 'downloading').with!.pattern as string, call);
    const uploaded = stepsOf(reusable)
      .filter(({ job: id, step: s }) => id !== 'hosts' && s.uses?.startsWith('actions/upload-artifact@'))
      .map(({ step: s }) => interpolate(String(s.with!.name), call));
    const hostsJob = { ...call, steps: { self: { outputs: { 'call-id': 'c0ffee01' } } } };
    const uploadedByHosts = stepsOf(reusable)
      .filter(({ job: id, step: s }) => id === 'hosts' && s.uses?.startsWith('actions/upload-artifact@'))
      .map(({ step: s }) => interpolate(String(s.with!.name), hostsJob));
    expect(uploadedByHosts).toEqual(['lanekeeper-c0ffee01-inventory-ops-runners']);
    expect(uploaded.sort()).toEqual(['lanekeeper-c0ffee01-apply-box1', 'lanekeeper-c0ffee01-inventory-box1', 'lanekeeper-c0ffee01-plan']);
    for (const name of uploaded) expect(globMatches(pattern, name)).toBe(true);
    expect(globMatches(pattern, 'lanekeeper-audit-1-1')).toBe(false);
    // Another call of the workflow in the same run (another call id) is not picked up.
    expect(globMatches(pattern, 'lanekeeper-beef0002-apply-box1')).toBe(false);
    expect(step(audit, isLanekeeperStep, 'running Lanekeeper').with!.command).toBe('audit');
  });
});

/** The subset of minimatch that artifact patterns here use: `*` and `{a,b}`. */
function globMatches(pattern: string, name: string): boolean {
  const toRegex = (p: string): string =>
    p.replace(/\{([^}]*)\}|\*|[.+?^$()|[\]\\]/g, (m, alternatives: string | undefined) => {
      if (alternatives !== undefined) return `(?:${alternatives.split(',').map(toRegex).join('|')})`;
      return m === '*' ? '[^/]*' : `\\${m}`;
    });
  return new RegExp(`^${toRegex(pattern)}$`).test(name);
}

describe('the host matrix', () => {
  const hosts = job(reusable, 'hosts');
  const script = step(hosts, (s) => s.id === 'hosts', 'listing the hosts').run!;
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function runHostsStep(cliOutput: string): { status: number | null; outputs: string; stderr: string } {
    dir = mkdtempSync(join(tmpdir(), 'lanekeeper-hosts-'));
    mkdirSync(join(dir, '.lanekeeper-action/dist/cli'), { recursive: true });
    // A stand-in CLI that records its arguments and prints what the real one would.
    writeFileSync(
      join(dir, '.lanekeeper-action/dist/cli/index.js'),
      `require('fs').writeFileSync('argv.json', JSON.stringify(process.argv.slice(2))); process.stdout.write(${JSON.stringify(cliOutput)});`,
    );
    writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
    const out = join(dir, 'github-output');
    writeFileSync(out, '');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: out, POLICY: '.github/lanes policy.yml', LANE: 'all' },
      encoding: 'utf8',
    });
    return { status: r.status, outputs: readFileSync(out, 'utf8'), stderr: r.stderr };
  }

  const hasJq = spawnSync('jq', ['--version']).status === 0;

  it.skipIf(!hasJq)('is computed from the policy by `lanekeeper hosts --policy FILE --lane NAME --json`', () => {
    const r = runHostsStep('["box1", "box2"]\n');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8'))).toEqual(['hosts', '--policy', '.github/lanes policy.yml', '--lane', 'all', '--json']);
    expect(r.outputs).toBe(
      'hosts=["box1","box2"]\n' +
        'matrix=[{"host":"box1","runs-on":["self-hosted","lanekeeper-ops","box1"]},{"host":"box2","runs-on":["self-hosted","lanekeeper-ops","box2"]}]\n',
    );
  });

  it.skipIf(!hasJq)('fails the run when the CLI fails or prints anything but a list', () => {
    expect(runHostsStep('{"box1": {}}').status).not.toBe(0);
    expect(runHostsStep('not json').status).not.toBe(0);
  });

  it('feeds the jobs that touch a host, which run on that host\'s ops runner', () => {
    for (const id of ['inventory', 'apply']) {
      const j = job(reusable, id);
      expect(j['runs-on']).toBe('${{ matrix.runs-on }}');
      expect(j.strategy?.matrix).toEqual({ include: '${{ fromJSON(needs.hosts.outputs.matrix) }}' });
      expect(needsOf(j)).toContain('hosts');
    }
    expect(hosts.outputs).toMatchObject({ hosts: '${{ steps.hosts.outputs.hosts }}', matrix: '${{ steps.hosts.outputs.matrix }}' });
    // An empty matrix is an error on GitHub; a policy with no lanes skips the host jobs instead.
    expect(job(reusable, 'inventory').if).toBe("needs.hosts.outputs.hosts != '[]'");
  });
});

describe('inputs of workflow_dispatch and workflow_call agree', () => {
  const dispatch = lanes.on.workflow_dispatch!.inputs!;
  const call = reusable.on.workflow_call!.inputs!;

  it('the form asks for exactly lane, mode, confirmation and policy', () => {
    expect(Object.keys(dispatch)).toEqual(PERSON_INPUTS);
  });

  it('in name, type (a choice is a string to workflow_call), required and default', () => {
    for (const [name, d] of Object.entries(dispatch)) {
      const c = call[name];
      expect(c, `workflow_call input ${name}`).toBeDefined();
      expect(c!.type).toBe(d.type === 'choice' ? 'string' : d.type);
      expect(c!.required ?? false).toBe(d.required ?? false);
      expect(c!.default).toBe(d.default);
    }
    expect(Object.keys(call).filter((n) => !(n in dispatch))).toEqual(CALL_ONLY_INPUTS);
  });

  it('and with the action\'s defaults', () => {
    expect(dispatch.lane!.default).toBe(action.inputs[Inputs.Lane]!.default);
    expect(dispatch.confirmation!.default).toBe(action.inputs[Inputs.Confirmation]!.default);
    expect(dispatch.policy!.default).toBe(DEFAULT_POLICY_PATH);
    expect(action.inputs[Inputs.Policy]!.default).toBe(DEFAULT_POLICY_PATH);
  });

  it('lanes.yml calls the reusable workflow with inputs and secrets it declares', () => {
    const caller = job(lanes, 'lanes');
    expect(caller.uses).toBe(REUSABLE_PATH);
    expect(Object.keys(caller.with ?? {}).sort()).toEqual([...PERSON_INPUTS].sort());
    expect(caller.secrets).not.toBe('inherit');
    expect(Object.keys(caller.secrets as Record<string, string>).sort()).toEqual(Object.keys(reusable.on.workflow_call!.secrets!).sort());
    for (const [name, value] of Object.entries(caller.secrets as Record<string, string>)) expect(value).toBe(`\${{ secrets.${name} }}`);
    for (const secret of Object.values(reusable.on.workflow_call!.secrets!)) expect(secret.required).toBe(false);
  });

  it('a dispatch passes what the person typed through unchanged', () => {
    const form = { lane: 'build-1', mode: 'apply', confirmation: 'apply 0123456789ab', policy: 'ops/lanes.yml' };
    const run = simulate({ event: 'workflow_dispatch', form });
    expect(run.inputs).toMatchObject(form);
  });
});

describe('outputs', () => {
  const outputs = reusable.on.workflow_call!.outputs!;

  it('the reusable workflow returns the plan digest and the result, named as the action names them', () => {
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining([Outputs.PlanDigest, Outputs.Result]));
    for (const name of Object.keys(outputs)) expect(Object.values(Outputs)).toContain(name);
  });

  it('each maps to a job output that a Lanekeeper step sets', () => {
    for (const [name, { value }] of Object.entries(outputs)) {
      const m = /^\$\{\{ jobs\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(value);
      expect(m, `${name}: ${value}`).not.toBeNull();
      const jobOutput = job(reusable, m![1]!).outputs?.[m![2]!];
      expect(jobOutput).toBe(`\${{ steps.${m![1]}.outputs.${name} }}`);
      expect(step(job(reusable, m![1]!), (s) => s.id === m![1], `with id ${m![1]}`).uses).toBe('./.lanekeeper-action');
    }
  });

  it('every Lanekeeper step output a workflow reads is an output of action.yml', () => {
    const text = readWorkflowText('lanes-reusable.yml');
    const lanekeeperStepIds = stepsOf(reusable).filter(({ step: s }) => isLanekeeperStep(s)).map(({ step: s }) => s.id);
    for (const [, id, name] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (lanekeeperStepIds.includes(id)) expect(Object.keys(action.outputs)).toContain(name);
    }
  });

  it('every input a workflow gives the action is an input of action.yml', () => {
    for (const { step: s } of stepsOf(reusable).filter(({ step: s }) => isLanekeeperStep(s))) {
      for (const name of Object.keys(s.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
      expect(s.with?.command).toMatch(/^(inventory|plan|apply|audit)$/);
    }
  });
});

describe('one run per lane, never cancelled halfway', () => {
  it('the chain has a concurrency group per repository, lane and mode without cancel-in-progress', () => {
    const c = reusable.concurrency;
    expect(typeof c).toBe('object');
    const group = (c as { group: string }).group;
    expect(group).toContain('${{ inputs.lane }}');
    // An empty mode is a dry-run, and queues with the dry-runs.
    expect(group).toContain("${{ inputs.mode || 'dry-run' }}");
    expect(group).toContain('${{ github.repository }}');
    expect((c as { 'cancel-in-progress'?: boolean })['cancel-in-progress']).toBe(false);
  });

  it('a scheduled dry-run and a manual apply of the same lane fall in different groups', () => {
    const group = (c: ExpressionContext) => interpolate((reusable.concurrency as { group: string }).group, c);
    const scheduled = group({ github: { repository: 'acme/ops' }, inputs: callInputs({ event: 'schedule' }) });
    const applied = group({ github: { repository: 'acme/ops' }, inputs: callInputs({ event: 'workflow_dispatch', form: { mode: 'apply' } }) });
    expect(scheduled).toBe('lanekeeper-acme/ops-all-dry-run');
    expect(applied).toBe('lanekeeper-acme/ops-all-apply');
  });

  it('no workflow or job of the chain cancels in-progress runs', () => {
    for (const w of [lanes, reusable]) {
      for (const c of [w.concurrency, ...Object.values(w.jobs).map((j) => j.concurrency)]) {
        if (c && typeof c === 'object') expect(c['cancel-in-progress']).toBe(false);
      }
    }
  });
});

describe('least permissions', () => {
  /** Jobs that may ask for an OIDC token: the identity check, the apply job, and the caller of both. */
  const ID_TOKEN_JOBS = ['lanes.yml:lanes', 'lanes-reusable.yml:hosts', 'lanes-reusable.yml:apply'];

  it('the chain starts from no permissions and each job asks only to read the repository (and for OIDC tokens where needed)', () => {
    for (const [file, w] of [['lanes.yml', lanes], ['lanes-reusable.yml', reusable]] as const) {
      expect(w.permissions).toEqual({});
      for (const [id, j] of Object.entries(w.jobs)) {
        expect(j.permissions, `${id} declares its permissions`).toBeDefined();
        const checksOut = j.steps?.some((s) => s.uses?.startsWith('actions/checkout@')) || j.uses !== undefined;
        // The plan job also reads the lanekeeper-apply environment's protection (approval gate).
        const reads = checksOut ? (file === 'lanes-reusable.yml' && id === 'plan' ? { contents: 'read', actions: 'read' } : { contents: 'read' }) : {};
        const wanted = ID_TOKEN_JOBS.includes(`${file}:${id}`) ? { ...reads, 'id-token': 'write' } : reads;
        expect(j.permissions, id).toEqual(wanted);
      }
    }
  });

  it('no workflow grants write access anywhere but id-token (which mints OIDC tokens and writes nothing)', () => {
    for (const file of workflowFiles()) {
      const w = loadWorkflow(file);
      for (const p of [w.permissions, ...Object.values(w.jobs).map((j) => j.permissions)]) {
        if (p === undefined) continue;
        expect(p, file).not.toBe('write-all');
        const writes = typeof p === 'string' ? [p] : Object.entries(p).filter(([, v]) => v === 'write').map(([k]) => k);
        expect(writes.filter((k) => k !== 'id-token'), file).toEqual([]);
      }
      expect(w.permissions, `${file} sets top-level permissions`).toBeDefined();
    }
  });

  it('the apply job can ask for the OIDC token the host helper demands, and runs in the approval environment', () => {
    const apply = job(reusable, 'apply');
    expect(apply.permissions).toMatchObject({ 'id-token': 'write' });
    expect(typeof apply.environment === 'string' ? apply.environment : apply.environment?.name).toBe('lanekeeper-apply');
    // The caller must grant it: a called workflow's jobs get at most the caller job's permissions.
    expect(job(lanes, 'lanes').permissions).toMatchObject({ 'id-token': 'write' });
  });

  it('runner management uses the App or PAT token, never the GITHUB_TOKEN', () => {
    for (const { step: s } of stepsOf(reusable).filter(({ step: s }) => isLanekeeperStep(s))) {
      const token = s.with?.token;
      if (token === undefined) continue;
      expect(token).toBe('${{ secrets.LANEKEEPER_TOKEN }}');
      expect(s.with?.['app-id']).toBe('${{ secrets.LANEKEEPER_APP_ID }}');
      expect(s.with?.['app-private-key']).toBe('${{ secrets.LANEKEEPER_APP_PRIVATE_KEY }}');
    }
    // The run's token only ever reads Lanekeeper's code (a checkout fallback), never runners.
    for (const { step: s } of stepsOf(reusable)) {
      const uses = JSON.stringify(s.with ?? {}) + (s.run ?? '') + JSON.stringify(s.env ?? {});
      if (!/github\.token|secrets\.GITHUB_TOKEN/.test(uses)) continue;
      if (s.name === 'Check the approval gate') {
        expect(s.env?.GITHUB_TOKEN).toBe('${{ github.token }}');
        continue;
      }
      expect(s.name).toBe('Check out Lanekeeper');
      expect(s.with?.token).toBe('${{ steps.lanekeeper-token.outputs.token || github.token }}');
    }
    expect(readWorkflowText('lanes-reusable.yml')).not.toMatch(/secrets\.GITHUB_TOKEN/);
    expect(action.inputs[Inputs.Token]!.default).toBeUndefined();
  });
});

describe('supply chain and scripts', () => {
  it('every third-party action is pinned to a full commit SHA with its version in a comment', () => {
    for (const file of workflowFiles()) {
      for (const line of readWorkflowText(file).split('\n')) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m || m[1]!.startsWith('./')) continue;
        expect(m[1], `${file}: ${line.trim()}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(m[2], `${file}: ${line.trim()}`).toMatch(/^ # v\d+(\.\d+)*$/);
      }
    }
  });

  it('the same action is pinned to the same commit everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of workflowFiles()) {
      for (const [, name, sha] of readWorkflowText(file).matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40})/g)) {
        pins.set(name!, (pins.get(name!) ?? new Set()).add(sha!));
      }
    }
    expect(pins.size).toBeGreaterThan(0);
    for (const [name, shas] of pins) expect(shas.size, name).toBe(1);
  });

  it('no run: script interpolates an expression; values reach scripts through env', () => {
    for (const file of workflowFiles()) {
      for (const { job: id, step: s } of stepsOf(loadWorkflow(file))) {
        if (s.run === undefined) continue;
        expect(s.run, `${file} job ${id} step ${s.name ?? s.id}`).not.toMatch(/\$\{\{/);
      }
    }
  });

  it('scripts run in bash with pipefail', () => {
    for (const file of ['lanes.yml', 'lanes-reusable.yml']) {
      const w = loadWorkflow(file);
      const byDefault = JSON.stringify(w.defaults ?? {}).includes('"shell":"bash"');
      for (const { step: s } of stepsOf(w)) if (s.run !== undefined) expect(byDefault || s.shell === 'bash', file).toBe(true);
    }
  });

  it('checkouts keep no credentials behind on the runner', () => {
    for (const file of workflowFiles()) {
      for (const { step: s } of stepsOf(loadWorkflow(file))) {
        if (s.uses?.startsWith('actions/checkout@')) expect(s.with?.['persist-credentials'], file).toBe(false);
      }
    }
  });
});

describe('action.yml', () => {
  it('declares exactly the inputs and outputs of src/constants.ts', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toBeTruthy();
  });

  it('has the defaults the brief and the constants give', () => {
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, i]) => [name, i.default]));
    expect(defaults).toEqual({
      [Inputs.Command]: undefined,
      [Inputs.Policy]: DEFAULT_POLICY_PATH,
      [Inputs.Lane]: 'all',
      [Inputs.Mode]: 'dry-run',
      [Inputs.Confirmation]: '',
      [Inputs.IdempotencyKey]: '',
      [Inputs.Token]: undefined,
      [Inputs.AppId]: '',
      [Inputs.AppPrivateKey]: '',
      [Inputs.GitHubApiUrl]: '${{ github.api_url }}',
      [Inputs.GitHubServerUrl]: '${{ github.server_url }}',
      [Inputs.Observed]: '',
      [Inputs.PlanFile]: '',
      [Inputs.Host]: '',
      [Inputs.Helper]: '',
      [Inputs.OutputDir]: DEFAULT_OUTPUT_DIR,
      [Inputs.RetentionDays]: '90',
    });
    expect(action.inputs[Inputs.Command]!.required).toBe(true);
  });

  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('its default output directory is what the workflows upload', () => {
    const uploads = stepsOf(reusable).filter(({ step: s }) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.length).toBeGreaterThan(0);
    for (const { step: s } of uploads) expect(s.with?.path).toBe(DEFAULT_OUTPUT_DIR);
  });
});

describe('CI', () => {
  const text = (file: string) => readWorkflowText(file);

  it('ci.yml runs npm ci and the one test command, as root for the real-systemd tests', () => {
    const ci = loadWorkflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const runs = stepsOf(ci).map(({ step: s }) => s.run ?? '');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('sudo -E env "PATH=$PATH" npm test');
    expect(text('ci.yml')).toContain('systemd-container');
  });

  it('check-dist.yml rebuilds dist/, diffs it and rejects webpackMissingModule', () => {
    const runs = stepsOf(loadWorkflow('check-dist.yml')).map(({ step: s }) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run bundle');
    expect(runs).toContain('git diff --exit-code --stat dist/');
    expect(runs).toContain('webpackMissingModule');
  });

  it('every workflow file is one the tests know', () => {
    expect(workflowFiles()).toEqual(['check-dist.yml', 'ci.yml', 'lanes-reusable.yml', 'lanes.yml']);
  });
});

/**
 * The harness itself: its file-command parser against what @actions/core really writes, its
 * INPUT_* names against what @actions/core really reads, and a step and a whole chain run with a
 * stand-in entry script (real @actions/core, no dist/ needed) so the wiring is checked on its own.
 */
import * as core from '@actions/core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inputs, Outputs } from '../../src/constants.js';
import {
  REPO_ROOT,
  checkApplyRequest,
  inputVariable,
  parseFileCommands,
  parseWorkflowCommands,
  runAction,
  runChain,
} from './run-action.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lanekeeper-harness-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('parseFileCommands', () => {
  it('reads name=value lines; the value may hold = and <<', () => {
    expect(parseFileCommands('a=1\nb=x=y\nc=p<<q\n')).toEqual({ a: '1', b: 'x=y', c: 'p<<q' });
  });

  it('reads name<<DELIMITER blocks, multi-line and empty values included', () => {
    const text = 'plan<<EOF\nline 1\n\nline 3\nEOF\nempty<<X\nX\nafter=1\n';
    expect(parseFileCommands(text)).toEqual({ plan: 'line 1\n\nline 3', empty: '', after: '1' });
  });

  it('keeps a line that only looks like a delimiter, and accepts CRLF', () => {
    expect(parseFileCommands('v<<END\nEND \nxEND\nEND\r\nw=2\r\n')).toEqual({ v: 'END \nxEND', w: '2' });
  });

  it('lets a later value win, as the runner does', () => {
    expect(parseFileCommands('status=blocked\nstatus<<D\nready\nD\n')).toEqual({ status: 'ready' });
  });

  it('fails on a block without its delimiter or a line of neither form, as the runner fails the step', () => {
    expect(() => parseFileCommands('plan<<EOF\nnever closed\n')).toThrow(/matching delimiter not found 'EOF'/);
    expect(() => parseFileCommands('just text\n')).toThrow(/invalid format 'just text'/);
    expect(() => parseFileCommands('=value\n')).toThrow(/invalid format/);
  });

  it('reads back exactly what @actions/core writes', () => {
    const file = join(dir, 'output');
    writeFileSync(file, '');
    const values: Record<string, string> = {
      [Outputs.PlanDigest]: 'a'.repeat(64),
      [Outputs.Confirmation]: 'apply aaaaaaaaaaaa',
      multi: 'first line\nEOF\nghadelimiter_x\n\nlast line',
      tricky: 'name<<DELIM and = signs',
      empty: '',
    };
    const saved = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = file;
    try {
      for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = saved;
    }
    expect(parseFileCommands(readFileSync(file, 'utf8'))).toEqual(values);
  });
});

describe('inputVariable', () => {
  it('names every Lanekeeper input the way @actions/core getInput looks it up', () => {
    for (const name of Object.values(Inputs)) {
      const variable = inputVariable(name);
      process.env[variable] = `value of ${name}`;
      try {
        expect(core.getInput(name)).toBe(`value of ${name}`);
      } finally {
        delete process.env[variable];
      }
    }
    expect(inputVariable(Inputs.IdempotencyKey)).toBe('INPUT_IDEMPOTENCY-KEY');
    expect(inputVariable('two words')).toBe('INPUT_TWO_WORDS');
  });
});

describe('parseWorkflowCommands', () => {
  it('reads annotations with their properties and masks, with escapes undone', () => {
    const stdout = [
      'plain log line',
      '::error file=.github/lanekeeper.yml,line=12,title=lanes%5B0%5D::lanes[0].host: box9 is not a host%0Afix: add it',
      '::add-mask::s3cr3t',
      '::warning::a%25 warning',
      '::group::Inventory',
      '::endgroup::',
    ].join('\n');
    expect(parseWorkflowCommands(stdout)).toEqual([
      {
        command: 'error',
        properties: { file: '.github/lanekeeper.yml', line: '12', title: 'lanes%5B0%5D' },
        message: 'lanes[0].host: box9 is not a host\nfix: add it',
      },
      { command: 'add-mask', properties: {}, message: 's3cr3t' },
      { command: 'warning', properties: {}, message: 'a% warning' },
      { command: 'group', properties: {}, message: 'Inventory' },
      { command: 'endgroup', properties: {}, message: '' },
    ]);
  });
});

describe('checkApplyRequest', () => {
  it('decides as the plan job\'s check step does', () => {
    const phrase = 'apply 0123456789ab';
    expect(checkApplyRequest('apply', 'workflow_dispatch', phrase, phrase).ok).toBe(true);
    expect(checkApplyRequest('apply', 'workflow_dispatch', 'apply 0123456789ac', phrase)).toEqual({
      ok: false,
      message: `The confirmation does not match this run's plan; to apply it, run again with confirmation '${phrase}'.`,
    });
    expect(checkApplyRequest('apply', 'schedule', phrase, phrase).ok).toBe(false);
    expect(checkApplyRequest('APPLY', 'workflow_dispatch', phrase, phrase).ok).toBe(false);
  });
});

/**
 * A stand-in for dist/index.js built on the real @actions/core. It echoes what it was given, and
 * plays each command's part in the chain: inventory/plan/apply write files in the output
 * directory, plan prints the confirmation phrase, audit lists every file it was handed.
 */
function writeStandIn(): string {
  const coreUrl = pathToFileURL(join(REPO_ROOT, 'node_modules/@actions/core/lib/core.js')).href;
  const entry = join(dir, 'stand-in.mjs');
  writeFileSync(
    entry,
    `
import * as core from ${JSON.stringify(coreUrl)};
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
const command = core.getInput('command', { required: true });
const out = core.getInput('output-dir');
mkdirSync(out, { recursive: true });
const walk = (d) => existsSync(d) ? readdirSync(d).flatMap((f) => statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]) : [];
core.setOutput('seen', JSON.stringify({
  command, lane: core.getInput('lane'), mode: core.getInput('mode'), policy: core.getInput('policy'),
  host: core.getInput('host'), api: core.getInput('github-api-url'), token: core.getInput('token') !== '',
  observed: core.getInput('observed'), plan: core.getInput('plan'), confirmation: core.getInput('confirmation'),
  policyText: readFileSync(core.getInput('policy'), 'utf8'), cwd: process.cwd(), job: process.env.GITHUB_JOB,
  files: walk('.').filter((f) => !f.startsWith('.github')).sort(), extra: process.env.RIG ?? null,
}));
if (core.getInput('token')) core.setSecret(core.getInput('token'));
if (command === 'inventory') {
  writeFileSync(join(out, 'observed.json'), JSON.stringify({ host: core.getInput('host') }));
  writeFileSync(join(out, 'audit-inventory.partial.json'), '{}');
}
if (command === 'plan') {
  const path = join(out, 'plan.json');
  writeFileSync(path, JSON.stringify({ observed: walk(core.getInput('observed')).sort() }));
  core.setOutput('plan-path', path);
  core.setOutput('plan-digest', 'ab'.repeat(32));
  core.setOutput('confirmation-phrase', 'apply abababababab');
  await core.summary.addHeading('Plan abababababab').addRaw('No changes.').write();
}
if (command === 'apply') {
  if (!existsSync(core.getInput('plan'))) { core.setFailed('plan file missing: ' + core.getInput('plan')); process.exit(); }
  writeFileSync(join(out, 'audit-apply.partial.json'), '{}');
  if (process.env.FAIL_APPLY === core.getInput('host')) core.setFailed('gate failed: unit not active');
}
if (command === 'audit') {
  core.setOutput('result', JSON.stringify(walk(out).map((f) => relative(out, f)).sort()));
}
`,
  );
  return entry;
}

describe('runAction', () => {
  it('runs a step as the runner does: inputs with action.yml defaults, output, summary and masks', async () => {
    const entry = writeStandIn();
    const workspace = join(dir, 'ws');
    const result = await runAction({
      inputs: { [Inputs.Command]: 'plan', [Inputs.Policy]: '/dev/null', [Inputs.Token]: 'ghs_secretvalue', [Inputs.Lane]: undefined },
      workspace,
      entry,
      context: { apiUrl: 'http://127.0.0.1:9/api' },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const seen = JSON.parse(result.outputs.seen!);
    expect(seen).toMatchObject({ command: 'plan', lane: 'all', mode: 'dry-run', api: 'http://127.0.0.1:9/api', token: true, cwd: workspace });
    expect(result.outputs[Outputs.Confirmation]).toBe('apply abababababab');
    expect(result.summary).toContain('<h1>Plan abababababab</h1>');
    expect(result.masks).toEqual(['ghs_secretvalue']);
    expect(result.inputEnv['INPUT_OUTPUT-DIR']).toBe('.lanekeeper');
    expect(result.inputEnv.INPUT_LANE).toBe('all');
  });

  it('reports a failing step with its exit code and annotation', async () => {
    const entry = writeStandIn();
    const result = await runAction({
      inputs: { [Inputs.Command]: 'apply', [Inputs.Policy]: '/dev/null', [Inputs.PlanFile]: 'nope.json' },
      workspace: join(dir, 'ws'),
      entry,
    });
    expect(result.exitCode).toBe(1);
    expect(result.inputEnv).not.toHaveProperty('INPUT_TOKEN');
    expect(result.commands).toContainEqual({ command: 'error', properties: {}, message: 'plan file missing: nope.json' });
  });

  it('keeps the caller\'s environment out of the step', async () => {
    const entry = writeStandIn();
    process.env.INPUT_MODE = 'apply';
    try {
      const result = await runAction({ inputs: { [Inputs.Command]: 'plan', [Inputs.Policy]: '/dev/null' }, workspace: join(dir, 'ws'), entry });
      expect(JSON.parse(result.outputs.seen!).mode).toBe('dry-run');
    } finally {
      delete process.env.INPUT_MODE;
    }
  });

  it('says how to build dist/ when the entry is missing', async () => {
    await expect(runAction({ inputs: {}, workspace: join(dir, 'ws'), entry: join(dir, 'missing.js') })).rejects.toThrow(/npm run bundle/);
  });
});

describe('runChain', () => {
  const hosts = [
    { name: 'box1', env: { RIG: 'box1' } },
    { name: 'box2', inputs: { [Inputs.Helper]: '/opt/box2/helper.mjs' } },
  ];

  function policy(): string {
    const file = join(dir, 'policy.yml');
    writeFileSync(file, 'version: 1\n');
    return file;
  }

  it('a dry-run inventories every host, plans once over all of them, applies nothing and audits', async () => {
    const chain = await runChain({ root: join(dir, 'run'), policyFile: policy(), hosts, token: 'ghs_x', entry: writeStandIn() });
    expect(chain.ran).toEqual(['inventory-box1', 'inventory-box2', 'plan', 'audit']);
    expect(chain.ok).toBe(true);
    expect(chain.applyRequest).toBeUndefined();
    const inv1 = JSON.parse(chain.inventory.box1!.outputs.seen!);
    expect(inv1).toMatchObject({ command: 'inventory', host: 'box1', token: true, policyText: 'version: 1\n', extra: 'box1', job: 'inventory' });
    expect(JSON.parse(chain.inventory.box2!.outputs.seen!).extra).toBeNull();
    // The plan job gets every host's output directory, one directory per artifact, and no token.
    const planSeen = JSON.parse(chain.plan.outputs.seen!);
    expect(planSeen).toMatchObject({ observed: '.lanekeeper-in', token: false, mode: 'dry-run' });
    expect(JSON.parse(readFileSync(join(dir, 'run/plan', chain.plan.outputs[Outputs.PlanPath]!), 'utf8')).observed).toEqual([
      '.lanekeeper-in/lanekeeper-inventory-box1/audit-inventory.partial.json',
      '.lanekeeper-in/lanekeeper-inventory-box1/observed.json',
      '.lanekeeper-in/lanekeeper-inventory-box2/audit-inventory.partial.json',
      '.lanekeeper-in/lanekeeper-inventory-box2/observed.json',
    ]);
    expect(JSON.parse(chain.audit.outputs.result!)).toEqual([
      'lanekeeper-inventory-box1/audit-inventory.partial.json',
      'lanekeeper-inventory-box1/observed.json',
      'lanekeeper-inventory-box2/audit-inventory.partial.json',
      'lanekeeper-inventory-box2/observed.json',
      'lanekeeper-plan/plan.json',
    ]);
    expect(readdirSync(chain.artifactsDir).sort()).toEqual(['lanekeeper-inventory-box1', 'lanekeeper-inventory-box2', 'lanekeeper-plan']);
  });

  it('a confirmed apply hands the plan to each host\'s apply step and the records to the audit', async () => {
    const chain = await runChain({
      root: join(dir, 'run'),
      policyFile: policy(),
      hosts,
      token: 'ghs_x',
      mode: 'apply',
      confirmation: 'apply abababababab',
      entry: writeStandIn(),
    });
    expect(chain.ran).toEqual(['inventory-box1', 'inventory-box2', 'plan', 'apply-box1', 'apply-box2', 'audit']);
    expect(chain.ok).toBe(true);
    expect(chain.applyRequest).toEqual({ ok: true, message: 'Confirmation matches the plan: apply abababababab' });
    const applied = JSON.parse(chain.apply.box2!.outputs.seen!);
    expect(applied).toMatchObject({
      command: 'apply',
      host: 'box2',
      mode: 'apply',
      confirmation: 'apply abababababab',
      plan: '.lanekeeper-in/lanekeeper-plan/plan.json',
      token: true,
    });
    expect(chain.apply.box2!.inputEnv['INPUT_HELPER']).toBe('/opt/box2/helper.mjs');
    expect(JSON.parse(chain.audit.outputs.result!)).toContain('lanekeeper-apply-box2/audit-apply.partial.json');
  });

  it('a wrong confirmation stops before apply, and the audit still runs', async () => {
    const chain = await runChain({
      root: join(dir, 'run'),
      policyFile: policy(),
      hosts,
      mode: 'apply',
      confirmation: 'apply 000000000000',
      entry: writeStandIn(),
    });
    expect(chain.ran).toEqual(['inventory-box1', 'inventory-box2', 'plan', 'audit']);
    expect(chain.ok).toBe(false);
    expect(chain.applyRequest?.message).toContain("confirmation 'apply abababababab'");
  });

  it('a scheduled run is a dry-run whatever mode and confirmation it is given', async () => {
    const chain = await runChain({
      root: join(dir, 'run'),
      policyFile: policy(),
      hosts,
      event: 'schedule',
      mode: 'apply',
      confirmation: 'apply abababababab',
      entry: writeStandIn(),
    });
    expect(chain.ran).toEqual(['inventory-box1', 'inventory-box2', 'plan', 'audit']);
    expect(JSON.parse(chain.plan.outputs.seen!).mode).toBe('dry-run');
    expect(chain.ok).toBe(true);
  });

  it('without hosts, asks the CLI for the policy\'s hosts as the hosts job does', async () => {
    const cli = join(dir, 'cli.mjs');
    writeFileSync(cli, `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(join(dir, 'cli-argv.json'))}, JSON.stringify(process.argv.slice(2)));
process.stdout.write('["box3"]\\n');`);
    const file = policy();
    const chain = await runChain({
      root: join(dir, 'run'),
      policyFile: file,
      lane: 'web',
      hostDefaults: { env: { RIG: 'shared' } },
      cli,
      entry: writeStandIn(),
    });
    expect(JSON.parse(readFileSync(join(dir, 'cli-argv.json'), 'utf8'))).toEqual(['hosts', '--policy', file, '--lane', 'web', '--json']);
    expect(chain.hosts).toEqual(['box3']);
    expect(chain.ran).toEqual(['hosts', 'inventory-box3', 'plan', 'audit']);
    expect(JSON.parse(chain.inventory.box3!.outputs.seen!)).toMatchObject({ host: 'box3', lane: 'web', extra: 'shared' });
  });

  it('a failed apply on one host fails the chain and is still audited', async () => {
    const chain = await runChain({
      root: join(dir, 'run'),
      policyFile: policy(),
      hosts,
      mode: 'apply',
      confirmation: 'apply abababababab',
      env: { FAIL_APPLY: 'box1' },
      entry: writeStandIn(),
    });
    expect(chain.apply.box1!.exitCode).toBe(1);
    expect(chain.apply.box2!.exitCode).toBe(0);
    expect(chain.ok).toBe(false);
    expect(JSON.parse(chain.audit.outputs.result!)).toContain('lanekeeper-apply-box1/audit-apply.partial.json');
  });
});

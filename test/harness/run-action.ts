/**
 * Runs the bundled action the way the GitHub runner runs a step, and the whole lanes workflow
 * chain the way .github/workflows/lanes-reusable.yml wires it. Used by end-to-end tests and by
 * the demo.
 *
 * A step: `node dist/index.js` in the workspace, every input as `INPUT_<NAME>` (inputs the caller
 * leaves out get their action.yml default, as the runner fills them), fresh GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH and GITHUB_STATE files, and the run's GITHUB_*
 * variables. The environment starts nearly empty, so nothing from the calling process (an
 * INPUT_*, a token) leaks into the step by accident.
 *
 * A chain: inventory on each host → plan over all hosts → the confirmation check → apply on each
 * host (only a manual dispatch in apply mode, as in the workflow) → audit, always. Each job gets
 * its own workspace (as each job gets its own runner); files move between jobs only as
 * "artifacts": copies of a job's output directory under `<root>/artifacts/<artifact name>`,
 * fetched into the next job's workspace the way actions/download-artifact lays them out.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_OUTPUT_DIR, DEFAULT_POLICY_PATH, Inputs, Outputs } from '../../src/constants.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_ENTRY = join(REPO_ROOT, 'dist/index.js');

/** The `github` context values a step sees as GITHUB_* variables. */
export interface RunContext {
  readonly runId: string;
  readonly runAttempt: string;
  readonly repository: string;
  readonly serverUrl: string;
  readonly apiUrl: string;
  readonly actor: string;
  readonly eventName: string;
  readonly sha: string;
  readonly ref: string;
  readonly workflow: string;
  readonly job: string;
}

export const DEFAULT_RUN_CONTEXT: RunContext = {
  runId: '4242',
  runAttempt: '1',
  repository: 'acme/ops',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  actor: 'octocat',
  eventName: 'workflow_dispatch',
  sha: '0000000000000000000000000000000000000000',
  ref: 'refs/heads/main',
  workflow: 'Lanekeeper lanes',
  job: 'step',
};

export interface StepOptions {
  /** Action inputs by name (see `Inputs`); left-out inputs get their action.yml default. */
  readonly inputs: Readonly<Record<string, string | undefined>>;
  /** GITHUB_WORKSPACE and the working directory; created when missing. */
  readonly workspace: string;
  /** Extra environment: ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL, test-rig variables, ... */
  readonly env?: Readonly<Record<string, string>>;
  readonly context?: Partial<RunContext>;
  /** Script to run; `dist/index.js` of this repository by default. */
  readonly entry?: string;
  /** action.yml whose defaults fill left-out inputs; this repository's by default. */
  readonly actionFile?: string;
  /** RUNNER_TEMP; a fresh directory by default. */
  readonly runnerTemp?: string;
  readonly timeoutMs?: number;
}

/** A workflow command the step printed (`::error file=x,line=3::message`). */
export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly message: string;
}

export interface StepResult {
  /** Exit code; null when the step was killed (timeout). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** GITHUB_OUTPUT, parsed. */
  readonly outputs: Readonly<Record<string, string>>;
  /** GITHUB_STEP_SUMMARY as written. */
  readonly summary: string;
  /** GITHUB_ENV, parsed: what later steps of the job would see. */
  readonly exportedEnv: Readonly<Record<string, string>>;
  /** GITHUB_STATE, parsed: what a post step would see. */
  readonly state: Readonly<Record<string, string>>;
  /** Workflow commands from stdout (error, warning, notice, add-mask, group, ...). */
  readonly commands: readonly WorkflowCommand[];
  /** Values registered with ::add-mask:: (core.setSecret). */
  readonly masks: readonly string[];
  /** The INPUT_* variables the step was given. */
  readonly inputEnv: Readonly<Record<string, string>>;
}

/** The variable @actions/core's getInput reads: spaces become `_`, upper case, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parses a runner file command file (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE) as the runner does:
 * `name=value` lines, and `name<<DELIMITER` blocks whose value is every line up to a line that is
 * exactly DELIMITER. Whichever of `=` and `<<` comes first decides the form. A later value for
 * the same name wins. A block without its closing delimiter, or a line of neither form, fails
 * the step on GitHub, so it throws here.
 */
export function parseFileCommands(text: string, file = 'GITHUB_OUTPUT'): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (heredoc >= 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') throw new Error(`${file} line ${i + 1}: invalid format '${line}'`);
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i]!);
      }
      if (!closed) throw new Error(`${file}: matching delimiter not found '${delimiter}' for ${name}`);
      result[name] = value.join('\n');
    } else if (eq > 0) {
      result[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`${file} line ${i + 1}: invalid format '${line}'`);
    }
  }
  return result;
}

/** Workflow commands (`::name key=value,...::message`) in a step's stdout, with escapes undone. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    commands.push({ command: m[1]!, properties, message: unescapeData(m[3]!) });
  }
  return commands;
}

interface ActionMetadata {
  readonly inputs?: Record<string, { default?: string }>;
}

/** Evaluates the only expressions action.yml defaults use: `${{ github.<name> }}`. */
function resolveDefault(value: string, context: RunContext): string {
  const github: Record<string, string> = {
    api_url: context.apiUrl,
    server_url: context.serverUrl,
    repository: context.repository,
    run_id: context.runId,
    run_attempt: context.runAttempt,
    actor: context.actor,
    event_name: context.eventName,
    sha: context.sha,
    ref: context.ref,
    workflow: context.workflow,
    job: context.job,
  };
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const m = /^github\.(\w+)$/.exec(expr);
    const resolved = m ? github[m[1]!] : undefined;
    if (resolved === undefined) throw new Error(`action.yml default \${{ ${expr} }} is not supported by the harness`);
    return resolved;
  });
}

/** Environment the step starts from: enough to run node, nothing that could stand in for an input. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
}

export async function runAction(options: StepOptions): Promise<StepResult> {
  const context: RunContext = { ...DEFAULT_RUN_CONTEXT, ...options.context };
  const actionFile = options.actionFile ?? join(REPO_ROOT, 'action.yml');
  const metadata = parseYaml(readFileSync(actionFile, 'utf8')) as ActionMetadata;
  mkdirSync(options.workspace, { recursive: true });
  const temp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'lanekeeper-runner-'));
  mkdirSync(temp, { recursive: true });
  const files = mkdtempSync(join(temp, 'step-'));
  const file = (name: string) => {
    const path = join(files, name);
    writeFileSync(path, '');
    return path;
  };
  const paths = {
    output: file('output'),
    summary: file('step_summary'),
    env: file('env'),
    path: file('path'),
    state: file('state'),
    event: join(files, 'event.json'),
  };

  const inputEnv: Record<string, string> = {};
  for (const [name, input] of Object.entries(metadata.inputs ?? {})) {
    if (input.default !== undefined) inputEnv[inputVariable(name)] = resolveDefault(String(input.default), context);
  }
  for (const [name, value] of Object.entries(options.inputs)) {
    if (value !== undefined) inputEnv[inputVariable(name)] = value;
  }
  const eventInputs = Object.fromEntries(Object.entries(options.inputs).filter(([, v]) => v !== undefined));
  writeFileSync(paths.event, JSON.stringify(context.eventName === 'workflow_dispatch' ? { inputs: eventInputs } : {}));

  const env: Record<string, string> = {
    ...baseEnv(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: paths.output,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_ENV: paths.env,
    GITHUB_PATH: paths.path,
    GITHUB_STATE: paths.state,
    GITHUB_EVENT_PATH: paths.event,
    GITHUB_EVENT_NAME: context.eventName,
    GITHUB_RUN_ID: context.runId,
    GITHUB_RUN_ATTEMPT: context.runAttempt,
    GITHUB_RUN_NUMBER: context.runId,
    GITHUB_REPOSITORY: context.repository,
    GITHUB_REPOSITORY_OWNER: context.repository.split('/')[0] ?? '',
    GITHUB_SERVER_URL: context.serverUrl,
    GITHUB_API_URL: context.apiUrl,
    GITHUB_GRAPHQL_URL: `${context.apiUrl.replace(/\/$/, '')}/graphql`,
    GITHUB_ACTOR: context.actor,
    GITHUB_TRIGGERING_ACTOR: context.actor,
    GITHUB_SHA: context.sha,
    GITHUB_REF: context.ref,
    GITHUB_WORKFLOW: context.workflow,
    GITHUB_JOB: context.job,
    GITHUB_ACTION: 'lanekeeper',
    GITHUB_ACTION_PATH: dirname(actionFile),
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'harness',
    ...options.env,
    ...inputEnv,
  };

  const entry = options.entry ?? DEFAULT_ENTRY;
  if (!existsSync(entry)) throw new Error(`${entry} does not exist. Build it with: npm run bundle`);
  const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number | null; stdout: string; stderr: string }>(
    (resolvePromise, reject) => {
      const child = spawn(process.execPath, [entry], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolvePromise({ exitCode: code, stdout: out, stderr: err });
      });
    },
  );

  const commands = parseWorkflowCommands(stdout);
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(paths.output, 'utf8'), 'GITHUB_OUTPUT'),
    summary: readFileSync(paths.summary, 'utf8'),
    exportedEnv: parseFileCommands(readFileSync(paths.env, 'utf8'), 'GITHUB_ENV'),
    state: parseFileCommands(readFileSync(paths.state, 'utf8'), 'GITHUB_STATE'),
    commands,
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    inputEnv,
  };
}

// ---------------------------------------------------------------------------------------------
// The chain

export const DEFAULT_CLI = join(REPO_ROOT, 'dist/cli/index.js');

/**
 * The hosts job: `lanekeeper hosts --policy FILE --lane NAME --json`, a JSON array of the names of
 * the hosts that carry the selected lanes. The workflow builds its host matrix from it.
 */
export function listPolicyHosts(policyFile: string, lane = 'all', cli = DEFAULT_CLI): string[] {
  const r = spawnSync(process.execPath, [cli, 'hosts', '--policy', policyFile, '--lane', lane, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lanekeeper hosts failed (exit ${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
  const hosts: unknown = JSON.parse(r.stdout);
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string')) {
    throw new Error(`lanekeeper hosts printed ${r.stdout.trim()}, not a JSON array of host names`);
  }
  return hosts;
}

export interface ChainHost {
  /** Host name as in the policy's `hosts`. */
  readonly name: string;
  /**
   * Inputs this host's jobs get on top of the workflow's (host-config, helper, ...). On a real
   * host they keep their action.yml defaults; a test rig points them at its sandbox.
   */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Environment of this host's jobs (what the ops runner's machine provides). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ChainOptions {
  /** Scratch directory: one workspace per job, and `artifacts/`. */
  readonly root: string;
  /** The policy file, copied into every job's workspace at `policyPath` (like a checkout). */
  readonly policyFile: string;
  readonly policyPath?: string;
  readonly lane?: string;
  readonly mode?: string;
  readonly confirmation?: string;
  /** `workflow_dispatch` (a person) or `schedule` (drift check: always dry-run). */
  readonly event?: 'workflow_dispatch' | 'schedule';
  /**
   * The hosts and what each provides. Left out, the hosts job's way is used: the names come from
   * `lanekeeper hosts` on the policy (see `listPolicyHosts`), each with `hostDefaults`.
   */
  readonly hosts?: readonly ChainHost[];
  readonly hostDefaults?: Omit<ChainHost, 'name'>;
  /** The CLI the hosts job runs; this repository's dist/cli/index.js by default. */
  readonly cli?: string;
  /** The App or PAT token the inventory and apply jobs get. */
  readonly token?: string;
  readonly context?: Partial<RunContext>;
  /** Environment of every step (simulator URLs, ACTIONS_RUNTIME_TOKEN, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Extra environment of the apply jobs only: what the runner gives a job with
   * `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN), per host.
   */
  readonly applyEnv?: (host: string) => Readonly<Record<string, string>>;
  readonly entry?: string;
  readonly timeoutMs?: number;
  /** Called as each step finishes, e.g. to print progress in the demo. */
  readonly onStep?: (job: string, result: StepResult) => void;
}

export interface ChainResult {
  /** Jobs that ran, in order: [`hosts`,] `inventory-<host>`, `plan`, `apply-<host>`, `audit`. */
  readonly ran: readonly string[];
  readonly hosts: readonly string[];
  readonly inventory: Readonly<Record<string, StepResult>>;
  readonly plan: StepResult;
  /** The plan job's check of the apply request (absent in dry-run). */
  readonly applyRequest?: { readonly ok: boolean; readonly message: string };
  readonly apply: Readonly<Record<string, StepResult>>;
  readonly audit: StepResult;
  /** Where the artifacts were "uploaded": one directory per artifact name. */
  readonly artifactsDir: string;
  /** Every step that ran exited 0 and the apply request (if any) was accepted. */
  readonly ok: boolean;
}

/** actions/upload-artifact: the directory's contents become the artifact. */
function upload(artifactsDir: string, name: string, from: string): void {
  if (!existsSync(from)) return;
  const to = join(artifactsDir, name);
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true });
}

/** actions/download-artifact with `pattern`: each match lands in `<into>/<artifact name>/`. */
function downloadMatching(artifactsDir: string, pattern: RegExp, into: string): void {
  if (!existsSync(artifactsDir)) return;
  for (const name of readdirSync(artifactsDir).sort()) {
    if (pattern.test(name)) cpSync(join(artifactsDir, name), join(into, name), { recursive: true });
  }
}

/** What the plan job's "Check the apply request" step decides. */
export function checkApplyRequest(mode: string, event: string, confirmation: string, expected: string): { ok: boolean; message: string } {
  if (mode !== 'apply') return { ok: false, message: `mode must be 'dry-run' or 'apply', not '${mode}'.` };
  if (event !== 'workflow_dispatch') return { ok: false, message: `apply runs only from a manual run (workflow_dispatch), not from '${event}'.` };
  if (confirmation !== expected) {
    return { ok: false, message: `The confirmation does not match this run's plan; to apply it, run again with confirmation '${expected}'.` };
  }
  return { ok: true, message: `Confirmation matches the plan: ${expected}` };
}

export async function runChain(options: ChainOptions): Promise<ChainResult> {
  const event = options.event ?? 'workflow_dispatch';
  // lanes.yml: anything but a manual run is a dry-run without confirmation.
  const mode = event === 'workflow_dispatch' ? (options.mode ?? 'dry-run') : 'dry-run';
  const confirmation = event === 'workflow_dispatch' ? (options.confirmation ?? '') : '';
  const lane = options.lane ?? 'all';
  const policyPath = options.policyPath ?? DEFAULT_POLICY_PATH;
  const artifactsDir = join(options.root, 'artifacts');
  mkdirSync(artifactsDir, { recursive: true });
  const ran: string[] = [];
  let ok = true;
  let hosts = options.hosts;
  if (!hosts) {
    hosts = listPolicyHosts(options.policyFile, lane, options.cli).map((name) => ({ name, ...options.hostDefaults }));
    ran.push('hosts');
  }

  const step = async (
    jobName: string,
    inputs: Record<string, string | undefined>,
    prepare: (workspace: string) => void,
    host?: ChainHost,
    jobEnv: Readonly<Record<string, string>> = {},
  ): Promise<StepResult> => {
    const workspace = join(options.root, jobName);
    mkdirSync(workspace, { recursive: true });
    const policyTarget = isAbsolute(policyPath) ? policyPath : join(workspace, policyPath);
    if (!isAbsolute(policyPath)) {
      mkdirSync(dirname(policyTarget), { recursive: true });
      cpSync(options.policyFile, policyTarget);
    }
    prepare(workspace);
    const result = await runAction({
      inputs: { [Inputs.Policy]: policyPath, [Inputs.Lane]: lane, ...inputs, ...host?.inputs },
      workspace,
      env: { ...options.env, ...host?.env, ...jobEnv },
      context: { ...options.context, eventName: event, job: jobName.replace(/-.*/, '') },
      entry: options.entry,
      timeoutMs: options.timeoutMs,
      runnerTemp: join(options.root, 'runner-temp', jobName),
    });
    ran.push(jobName);
    if (result.exitCode !== 0) ok = false;
    options.onStep?.(jobName, result);
    // The audit step uploads its record itself (@actions/artifact); the others hand files on.
    if (jobName !== 'audit') upload(artifactsDir, `lanekeeper-${jobName}`, join(workspace, DEFAULT_OUTPUT_DIR));
    return result;
  };

  const inventory: Record<string, StepResult> = {};
  for (const host of hosts) {
    inventory[host.name] = await step(
      `inventory-${host.name}`,
      { [Inputs.Command]: 'inventory', [Inputs.Host]: host.name, [Inputs.Token]: options.token },
      () => {},
      host,
    );
  }

  const plan = await step(
    'plan',
    { [Inputs.Command]: 'plan', [Inputs.Mode]: mode, [Inputs.Observed]: '.lanekeeper-in' },
    (ws) => downloadMatching(artifactsDir, /^lanekeeper-inventory-/, join(ws, '.lanekeeper-in')),
  );
  let applyRequest: { ok: boolean; message: string } | undefined;
  // lanes-reusable.yml: an empty mode is a dry-run too.
  if (mode !== 'dry-run' && mode !== '') {
    applyRequest = plan.exitCode === 0
      ? checkApplyRequest(mode, event, confirmation, plan.outputs[Outputs.Confirmation] ?? '')
      : { ok: false, message: 'the plan step failed' };
    if (!applyRequest.ok) ok = false;
  }

  const apply: Record<string, StepResult> = {};
  const inventoryOk = Object.values(inventory).every((r) => r.exitCode === 0);
  if (mode === 'apply' && event === 'workflow_dispatch' && inventoryOk && applyRequest?.ok === true) {
    const planFile = basename(plan.outputs[Outputs.PlanPath] ?? '');
    for (const host of hosts) {
      apply[host.name] = await step(
        `apply-${host.name}`,
        {
          [Inputs.Command]: 'apply',
          [Inputs.Host]: host.name,
          [Inputs.Mode]: mode,
          [Inputs.Confirmation]: confirmation,
          [Inputs.PlanFile]: join('.lanekeeper-in', 'lanekeeper-plan', planFile),
          [Inputs.Token]: options.token,
        },
        (ws) => downloadMatching(artifactsDir, /^lanekeeper-plan$/, join(ws, '.lanekeeper-in')),
        host,
        options.applyEnv?.(host.name),
      );
    }
  }

  const audit = await step('audit', { [Inputs.Command]: 'audit', [Inputs.Mode]: mode }, (ws) =>
    downloadMatching(artifactsDir, /^lanekeeper-(inventory-.+|plan|apply-.+)$/, join(ws, DEFAULT_OUTPUT_DIR)),
  );

  return { ran, hosts: hosts.map((h) => h.name), inventory, plan, applyRequest, apply, audit, artifactsDir, ok };
}

// The stand-in runner against the simulator, on this machine, checked against what actions/runner
// 2.336.0 does (src/Misc/layoutroot/run.sh, run-helper.sh.template, env.sh, config.sh,
// Runner.Listener's Program.cs/Runner.cs, ConfigurationManager.cs): the process tree, run.sh's
// exit-code mapping, both ways a deleted registration ends the listener, configure's refusals,
// the file order with a BOM, .env/.path, remove refusing while .service exists, session
// creation's retries and refusals, deprecation on the first message request, a stop that cancels
// the running job by signalling the step's process only, and the orphan clean-up by
// RUNNER_TRACKING_ID (Runner.Worker, Runner.Sdk's ProcessInvoker, JobExtension). The rig's
// end-to-end tests then run it under systemd.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { eventually } from './probes.js';

const exec = promisify(execFile);
/**
 * An independent check: with LANEKEEPER_ACTIONS_RUNNER_LAYOUT naming a directory holding
 * actions/runner's own `run.sh`, `run-helper.sh.template`, `config.sh`, `env.sh` and
 * `safe_sleep.sh` (src/Misc/layoutroot of the release), every test runs with those scripts in
 * place of the stand-in's: the same expectations must hold for the real scripts.
 */
const REAL_LAYOUT = process.env['LANEKEEPER_ACTIONS_RUNNER_LAYOUT'];
const LAYOUT_SCRIPTS = ['run.sh', 'run-helper.sh.template', 'config.sh', 'env.sh', 'safe_sleep.sh'];
let sim: GitHubSimulator;
const dirs: string[] = [];
// The tests run as root; the real runner refuses root unless told otherwise, and so does the stand-in.
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', RUNNER_ALLOW_RUNASROOT: '1' };
const url = () => `${sim.url}/acme/api`;

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
});
afterAll(async () => {
  await sim.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshRunner(): string {
  const dir = mkdtempSync('/var/tmp/lanekeeper-stand-in-');
  dirs.push(dir);
  cpSync(new URL('./stand-in-runner', import.meta.url), dir, { recursive: true });
  if (REAL_LAYOUT) for (const f of LAYOUT_SCRIPTS) cpSync(join(REAL_LAYOUT, f), join(dir, f));
  return dir;
}

async function configure(dir: string, name: string, extra: string[] = [], extraEnv: Record<string, string> = {}) {
  const { token } = sim.store.issueToken('registration', 'repo:acme/api');
  return exec(join(dir, 'config.sh'), ['--unattended', '--url', url(), '--name', name, '--labels', 'lanekeeper-managed,api', ...extra], {
    cwd: dir,
    env: { ...env, ACTIONS_RUNNER_INPUT_TOKEN: token, ...extraEnv },
  });
}

function start(dir: string, extraEnv: Record<string, string> = {}): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = '';
  const child = spawn(join(dir, 'run.sh'), [], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function ps(): Promise<{ pid: number; ppid: number; pgid: number; args: string }[]> {
  const { stdout } = await exec('ps', ['-eo', 'pid=,ppid=,pgid=,args=']);
  return stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[4]! }));
}

const runnerNamed = (name: string) => sim.runners('repo:acme/api').find((r) => r.name === name);

test('config.sh writes .credentials_rsaparams, then .credentials, then .runner, each UTF-8 JSON with a BOM, and records .env and .path', async () => {
  const dir = freshRunner();
  await configure(freshRunner(), 'order-other');
  await configure(dir, 'order-1', ['--work', '_work', '--disableupdate'], { LANG: 'C.UTF-8', PATH: `/opt/tools/bin:${env.PATH}` });
  const files = ['.credentials_rsaparams', '.credentials', '.runner'];
  const times = files.map((f) => statSync(join(dir, f)).mtimeMs);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  for (const f of files) expect(readFileSync(join(dir, f), 'utf8').startsWith('\uFEFF')).toBe(true);
  expect(statSync(join(dir, '.credentials')).mode & 0o777).toBe(0o600);
  const runner = JSON.parse(readFileSync(join(dir, '.runner'), 'utf8').slice(1));
  expect(runner).toMatchObject({ agentId: runnerNamed('order-1')?.id, agentName: 'order-1', gitHubUrl: url(), disableUpdate: true, workFolder: '_work', poolName: 'Default' });
  expect(readFileSync(join(dir, '.path'), 'utf8').trim()).toBe(`/opt/tools/bin:${env.PATH}`);
  expect(readFileSync(join(dir, '.env'), 'utf8')).toContain('LANG=C.UTF-8');
  expect(runnerNamed('order-1')?.labels.map((l) => `${l.name}:${l.type}`)).toEqual(['self-hosted:read-only', 'Linux:read-only', 'X64:read-only', 'lanekeeper-managed:custom', 'api:custom']);
});

test('--no-default-labels registers exactly the given labels, and refuses an empty label list', async () => {
  await configure(freshRunner(), 'nodefault-1', ['--no-default-labels']);
  expect(runnerNamed('nodefault-1')?.labels.map((l) => l.name)).toEqual(['lanekeeper-managed', 'api']);
  const { token } = sim.store.issueToken('registration', 'repo:acme/api');
  const empty = exec(join(freshRunner(), 'config.sh'), ['--unattended', '--url', url(), '--name', 'nodefault-2', '--no-default-labels'], { env: { ...env, ACTIONS_RUNNER_INPUT_TOKEN: token } });
  await expect(empty).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--no-default-labels without specifying --labels') });
});

test('configure refuses a configured directory even with --replace; --replace only replaces a same-name runner on the server', async () => {
  const dir = freshRunner();
  await configure(dir, 'refuse-1');
  await expect(configure(dir, 'refuse-1', ['--replace'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('already configured') });

  const other = freshRunner();
  await expect(configure(other, 'refuse-1')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('A runner exists with the same name refuse-1') });
  // The failed configure left the key pair behind, and nothing else.
  expect(existsSync(join(other, '.credentials_rsaparams'))).toBe(true);
  expect(existsSync(join(other, '.credentials'))).toBe(false);
  expect(existsSync(join(other, '.runner'))).toBe(false);
  const id = runnerNamed('refuse-1')!.id;
  await configure(other, 'refuse-1', ['--replace']);
  expect(JSON.parse(readFileSync(join(other, '.runner'), 'utf8').slice(1)).agentId).toBe(id);
});

test('an unknown runner group is refused; repositories have only Default', async () => {
  const dir = freshRunner();
  await expect(configure(dir, 'group-1', ['--runnergroup', 'builders'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Could not find any self-hosted runner group named "builders"') });
  expect(runnerNamed('group-1')).toBeUndefined();
  await configure(dir, 'group-1', ['--runnergroup', 'default']);
  expect(runnerNamed('group-1')).toBeDefined();
});

test('config.sh remove refuses while .service exists, then removes the registration and the three files', async () => {
  const dir = freshRunner();
  await configure(dir, 'remove-1');
  writeFileSync(join(dir, '.service'), 'actions.runner.acme-api.remove-1.service\n');
  const remove = sim.store.issueToken('remove', 'repo:acme/api');
  const removeEnv = { env: { ...env, ACTIONS_RUNNER_INPUT_TOKEN: remove.token } };
  await expect(exec(join(dir, 'config.sh'), ['remove'], removeEnv)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Uninstall service first') });
  expect(runnerNamed('remove-1')).toBeDefined();
  rmSync(join(dir, '.service'));
  await exec(join(dir, 'config.sh'), ['remove'], removeEnv);
  expect(runnerNamed('remove-1')).toBeUndefined();
  for (const f of ['.runner', '.credentials', '.credentials_rsaparams']) expect(existsSync(join(dir, f))).toBe(false);
});

test('config.sh remove clears a half-configured directory without a token (config files missing: the server is skipped)', async () => {
  const dir = freshRunner();
  await configure(dir, 'half-1');
  rmSync(join(dir, '.runner'));
  const { stdout } = await exec(join(dir, 'config.sh'), ['remove'], { env });
  expect(stdout).toContain('Skipping removing runner from the server');
  for (const f of ['.credentials', '.credentials_rsaparams']) expect(existsSync(join(dir, f))).toBe(false);
});

test('config.sh remove --local deletes the local files even with .service there, asks no server and reads nothing of .runner', async () => {
  const dir = freshRunner();
  await configure(dir, 'local-1');
  const id = runnerNamed('local-1')!.id;
  writeFileSync(join(dir, '.service'), 'actions.runner.acme-api.local-1.service\n');
  // A .runner that would send a full remove elsewhere: --local never reads it.
  writeFileSync(join(dir, '.runner'), '{ not json, gitHubUrl: "http://127.0.0.1:9/evil" }');
  writeFileSync(join(dir, '.credentials_migrated'), '{}');
  const remove = sim.store.issueToken('remove', 'repo:acme/api');
  const { stdout } = await exec(join(dir, 'config.sh'), ['remove', '--local'], { env: { ...env, ACTIONS_RUNNER_INPUT_TOKEN: remove.token } });
  expect(stdout).toContain('Removed .credentials');
  expect(stdout).toContain('Removed .runner');
  expect(runnerNamed('local-1')?.id).toBe(id);
  for (const f of ['.runner', '.credentials', '.credentials_migrated', '.credentials_rsaparams']) expect(existsSync(join(dir, f))).toBe(false);
  expect(existsSync(join(dir, '.service'))).toBe(true);
});

test('config.sh remove --local keeps the key pair when there is no .credentials, as the real runner does', async () => {
  const dir = freshRunner();
  writeFileSync(join(dir, '.credentials_rsaparams'), '{}');
  const { stdout } = await exec(join(dir, 'config.sh'), ['remove', '--local'], { env });
  expect(stdout).toContain('Does not exist. Skipping Removing .credentials');
  expect(stdout).toContain('Does not exist. Skipping Removing .runner');
  expect(existsSync(join(dir, '.credentials_rsaparams'))).toBe(true);
});

test.skipIf(process.getuid?.() !== 0)('config.sh remove --local refuses root like every config.sh command', async () => {
  const dir = freshRunner();
  writeFileSync(join(dir, '.runner'), '{}');
  const { RUNNER_ALLOW_RUNASROOT: _allowed, ...asRoot } = env;
  await expect(exec(join(dir, 'config.sh'), ['remove', '--local'], { env: asRoot })).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('Must not run with sudo') });
  expect(existsSync(join(dir, '.runner'))).toBe(true);
});

test('run.sh → run-helper.sh → Runner.Listener, a Runner.Worker child per job in the listener\'s environment (.env loaded)', async () => {
  const dir = freshRunner();
  await configure(dir, 'tree-1', [], { LANG: 'C.UTF-8' });
  writeFileSync(join(dir, '.env'), `${readFileSync(join(dir, '.env'), 'utf8')}LANE_MARK=from-dot-env\n`);
  const run = start(dir);
  const runner = runnerNamed('tree-1')!;
  await eventually(async () => (sim.store.isOnline(runner) ? true : undefined));
  sim.assignJob(runner.id, 60_000, 'echo "$LANE_MARK" > mark.txt; sleep 60');
  const tree = await eventually(async () => {
    const all = await ps();
    const worker = all.find((p) => p.args.includes(`${dir}/bin/Runner.Worker.mjs`));
    return worker ? { all, worker } : undefined;
  });
  const byPid = new Map(tree.all.map((p) => [p.pid, p]));
  const listener = byPid.get(tree.worker.ppid)!;
  const helper = byPid.get(listener.ppid)!;
  const runSh = byPid.get(helper.ppid)!;
  expect(listener.args).toContain(`${dir}/bin/Runner.Listener.mjs run`);
  expect(helper.args).toContain(`${dir}/run-helper.sh`);
  expect(runSh.args).toContain(`${dir}/run.sh`);
  expect(runSh.pid).toBe(run.child.pid);
  await eventually(async () => (existsSync(join(dir, '_work', String(runner.job?.id ?? 0), 'mark.txt')) ? true : undefined));
  expect(readFileSync(join(dir, '_work', String(runner.job!.id), 'mark.txt'), 'utf8').trim()).toBe('from-dot-env');

  // SIGINT to the listener (what the official service sends on stop) cancels the job and exits 0.
  process.kill(listener.pid, 'SIGINT');
  expect(await run.exited).toBe(0);
  expect((await ps()).filter((p) => p.args.includes(dir))).toEqual([]);
  expect(runner.job).toBeNull();
});

test('a listener killed by SIGKILL makes run.sh exit 0: a supervisor around run.sh sees success', async () => {
  const dir = freshRunner();
  await configure(dir, 'kill-1');
  const run = start(dir);
  const runner = runnerNamed('kill-1')!;
  await eventually(async () => (sim.store.isOnline(runner) ? true : undefined));
  const listener = (await ps()).find((p) => p.args.includes(`${dir}/bin/Runner.Listener.mjs`))!;
  process.kill(listener.pid, 'SIGKILL');
  expect(await run.exited).toBe(0);
  expect(run.output()).toContain('Exiting with unknown error code: 137');
});

test('with RUNNER_MANUALLY_TRAP_SIG, SIGTERM to run.sh becomes SIGINT to the helper\'s process group and run.sh exits 143 (a unit around it ends failed)', async () => {
  const dir = freshRunner();
  await configure(dir, 'trap-1');
  const run = start(dir, { RUNNER_MANUALLY_TRAP_SIG: '1' });
  const runner = runnerNamed('trap-1')!;
  await eventually(async () => (sim.store.isOnline(runner) ? true : undefined));
  sim.assignJob(runner.id, 60_000, 'sleep 60');
  await eventually(async () => ((await ps()).some((p) => p.args.includes(`${dir}/bin/Runner.Worker.mjs`)) ? true : undefined));
  run.child.kill('SIGTERM');
  const code = await run.exited;
  // The helper's group got SIGINT (the listener cancelled the job); bash's `wait` was cut short by
  // the trapped signal, so run.sh exits with 128 + SIGTERM, whatever the listener returned.
  expect(code).toBe(143);
  expect(run.output()).toContain('Exiting...');
  expect((await ps()).filter((p) => p.args.includes(dir))).toEqual([]);
});

test('registration deleted before the session starts: the listener exits 1, run.sh exits 0, .runner stays', async () => {
  const dir = freshRunner();
  await configure(dir, 'gone-start');
  sim.store.delete(runnerNamed('gone-start')!.id);
  const run = start(dir);
  expect(await run.exited).toBe(0);
  expect(run.output()).toContain('terminated error');
  expect(existsSync(join(dir, '.runner'))).toBe(true);
  const direct = await exec(join(dir, 'bin', 'Runner.Listener'), ['run'], { env }).catch((e: { code: number }) => e);
  expect(direct).toMatchObject({ code: 1 });
});

test('registration deleted while polling: the listener deletes .credentials, .credentials_rsaparams and .runner and exits 0', async () => {
  const dir = freshRunner();
  await configure(dir, 'gone-poll');
  const run = start(dir);
  const runner = runnerNamed('gone-poll')!;
  await eventually(async () => (sim.store.isOnline(runner) ? true : undefined));
  sim.store.delete(runner.id);
  expect(await run.exited).toBe(0);
  expect(run.output()).toContain('The runner no longer exists on the server');
  expect(run.output()).toContain('Runner listener exit with 0 return code');
  for (const f of ['.runner', '.credentials', '.credentials_rsaparams']) expect(existsSync(join(dir, f))).toBe(false);
});

test('a deprecated version: the session opens, the first poll ends it with 1 (run.sh 0), or 7 all the way out with ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE=1', async () => {
  const dir = freshRunner();
  await configure(dir, 'old-1', ['--disableupdate']);
  sim.store.deprecateVersion('2.330.0');
  try {
    const plain = start(dir);
    expect(await plain.exited).toBe(0);
    expect(plain.output()).toContain('Runner version v2.330.0 is deprecated');
    const opted = start(dir, { ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE: '1' });
    expect(await opted.exited).toBe(7);
    // GitHub's broker refuses the message request (RunnerVersionTooOld), not the session.
    expect(opted.output()).toMatch(/Listening for Jobs[\s\S]*Runner version v2\.330\.0 is deprecated/);
    const direct = await exec(join(dir, 'bin', 'Runner.Listener'), ['run', '--startuptype', 'service'], { env: { ...env, ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE: '1' } }).catch((e: { code: number }) => e);
    expect(direct).toMatchObject({ code: 7 });
  } finally {
    sim.store.undeprecateVersion('2.330.0');
  }
});

/** The listener as the unit runs it: `bin/Runner.Listener run --startuptype service`, no wrapper. */
function listen(dir: string, extraEnv: Record<string, string> = {}) {
  let output = '';
  const child = spawn(join(dir, 'bin', 'Runner.Listener'), ['run', '--startuptype', 'service'], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const SESSION = '^/_sim/runner/session$';

test('session creation: a refusal (403) ends the listener with 1 even when opted in; a 5xx is retried in the process, not an exit', async () => {
  const dir = freshRunner();
  await configure(dir, 'refused-1');
  sim.addFault({ method: 'POST', path: SESSION, times: 1, effect: { kind: 'status', status: 403 } });
  const refused = await exec(join(dir, 'bin', 'Runner.Listener'), ['run'], { env: { ...env, ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE: '1' } }).catch((e: { code: number }) => e);
  expect(refused).toMatchObject({ code: 1 });

  sim.addFault({ method: 'POST', path: SESSION, times: 1, effect: { kind: 'status', status: 503 } });
  const run = listen(dir);
  await eventually(async () => (run.output().includes('Retrying until reconnected') ? true : undefined));
  const stillRunning = await Promise.race([run.exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 2_000))]);
  expect(stillRunning).toBe(true);
  run.child.kill('SIGINT'); // a stop while it waits to retry: a clean exit
  expect(await run.exited).toBe(0);
});

test('401 while polling (an unexpected exception for the listener) ends it with 2', async () => {
  const dir = freshRunner();
  await configure(dir, 'unauth-1');
  const run = listen(dir);
  const runner = runnerNamed('unauth-1')!;
  await eventually(async () => (run.output().includes('Listening for Jobs') ? true : undefined));
  sim.addFault({ method: 'POST', path: SESSION, times: 1, effect: { kind: 'status', status: 401 } });
  expect(await run.exited).toBe(2);
  expect(runner.job).toBeNull();
});

test('a stop signals the step\'s process only (SIGINT, then SIGTERM after 7.5 s): its children get no signal and end with the job\'s orphan clean-up', async () => {
  const dir = freshRunner();
  await configure(dir, 'cancel-1');
  const run = listen(dir);
  const runner = runnerNamed('cancel-1')!;
  await eventually(async () => (run.output().includes('Listening for Jobs') ? true : undefined));
  // A step whose child shell records any signal it gets.
  sim.assignJob(runner.id, 60_000, 'bash -c \'trap "echo INT >> ../child-signals.txt" INT; trap "echo TERM >> ../child-signals.txt" TERM; sleep 3031 & wait; wait\'');
  await eventually(async () => ((await ps()).some((p) => p.args === 'sleep 3031') ? true : undefined));
  const started = Date.now();
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  expect((Date.now() - started) / 1000).toBeGreaterThanOrEqual(7); // the step needed SIGTERM
  expect(existsSync(join(dir, '_work', 'child-signals.txt'))).toBe(false);
  expect((await ps()).filter((p) => p.args === 'sleep 3031' || p.args.includes('child-signals'))).toEqual([]);
  expect(runner.job).toBeNull();
});

test('when a job ends, processes it left that carry its RUNNER_TRACKING_ID are killed, detached ones included; one that cleared it stays', async () => {
  const dir = freshRunner();
  await configure(dir, 'orphans-1');
  const run = listen(dir);
  const runner = runnerNamed('orphans-1')!;
  await eventually(async () => (run.output().includes('Listening for Jobs') ? true : undefined));
  const job = sim.assignJob(runner.id, 60_000, 'setsid sleep 3032 </dev/null >/dev/null 2>&1 & RUNNER_TRACKING_ID= setsid sleep 3033 </dev/null >/dev/null 2>&1 & sleep 1');
  await eventually(async () => (runner.job === null && job.id > 0 ? true : undefined), 15_000);
  const left = (await ps()).filter((p) => p.args === 'sleep 3032' || p.args === 'sleep 3033');
  for (const p of left) process.kill(p.pid, 'SIGKILL');
  run.child.kill('SIGINT');
  await run.exited;
  expect(left.map((p) => p.args)).toEqual(['sleep 3033']);
});

test('every command needs the runner directory and each directory above it to be readable by the runner\'s user', async () => {
  const top = mkdtempSync('/var/tmp/lanekeeper-stand-in-');
  dirs.push(top);
  const dir = join(top, 'runner');
  cpSync(new URL('./stand-in-runner', import.meta.url), dir, { recursive: true });
  await exec('chown', ['-R', 'nobody', dir]);
  const asNobody = () => exec('runuser', ['-u', 'nobody', '--', join(dir, 'bin', 'Runner.Listener'), 'run'], { env }).catch((e: { code: number; stderr: string }) => e);
  await exec('chmod', ['0711', top]); // others may pass through, not list
  expect(await asNobody()).toMatchObject({ code: 1, stderr: expect.stringContaining('Permission to read the directory contents is required') });
  await exec('chmod', ['0755', top]);
  expect(await asNobody()).toMatchObject({ code: 1, stderr: expect.stringContaining('Not configured') });
});

test('not configured: the listener exits 1 and says so', async () => {
  const direct = await exec(join(freshRunner(), 'bin', 'Runner.Listener'), ['run'], { env }).catch((e: { code: number; stderr: string }) => e);
  expect(direct).toMatchObject({ code: 1, stderr: expect.stringContaining('Not configured') });
});

// The stand-in runner against the simulator, on this machine: config.sh (flags and
// ACTIONS_RUNNER_INPUT_* env), run.sh (heartbeat, a Runner.Worker per job, exit on deletion),
// config.sh remove. The rig's end-to-end tests then run it under systemd.
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { GitHubSimulator } from '../../src/sim/github-simulator.js';
import { eventually } from './probes.js';

const exec = promisify(execFile);
let sim: GitHubSimulator;
let dir: string;
// The tests run as root; the real runner refuses root unless told otherwise, and so does the stand-in.
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', RUNNER_ALLOW_RUNASROOT: '1' };

beforeAll(async () => {
  sim = new GitHubSimulator();
  await sim.start();
  dir = mkdtempSync('/var/tmp/lanekeeper-stand-in-');
  cpSync(new URL('./stand-in-runner', import.meta.url), dir, { recursive: true });
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('config.sh registers with flags plus ACTIONS_RUNNER_INPUT_* and writes .runner like actions/runner', async () => {
  const { token } = sim.store.issueToken('registration', 'repo:acme/api');
  await exec(join(dir, 'config.sh'), ['--unattended', '--url', `${sim.url}/acme/api`, '--labels', 'lanekeeper-managed,api', '--replace'], {
    env: { ...env, ACTIONS_RUNNER_INPUT_TOKEN: token, actions_runner_input_name: 'lane-x', ACTIONS_RUNNER_INPUT_DISABLEUPDATE: 'true' },
  });
  const runner = JSON.parse(readFileSync(join(dir, '.runner'), 'utf8').replace(/^\uFEFF/, ''));
  const registered = sim.runners('repo:acme/api').find((r) => r.name === 'lane-x');
  expect(runner).toMatchObject({ agentId: registered?.id, agentName: 'lane-x', gitHubUrl: `${sim.url}/acme/api`, disableUpdate: true, workFolder: '_work' });
  expect(existsSync(join(dir, '.credentials'))).toBe(true);
  expect(registered?.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['self-hosted', 'lanekeeper-managed', 'api']));
});

test('config.sh refuses to configure twice without --replace, and without a token', async () => {
  const again = exec(join(dir, 'config.sh'), ['--unattended', '--url', `${sim.url}/acme/api`, '--token', 'x'], { env });
  await expect(again).rejects.toMatchObject({ stderr: expect.stringContaining('already configured') });
  const other = mkdtempSync('/var/tmp/lanekeeper-stand-in-');
  cpSync(new URL('./stand-in-runner', import.meta.url), other, { recursive: true });
  await expect(exec(join(other, 'config.sh'), ['--unattended', '--url', `${sim.url}/acme/api`], { env })).rejects.toMatchObject({ code: 1 });
  rmSync(other, { recursive: true, force: true });
});

test('run.sh keeps the runner online, runs a Runner.Worker per job, and exits 1 when the registration is deleted', async () => {
  const listener = spawn(join(dir, 'run.sh'), [], { env, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => listener.on('exit', (code) => resolve(code)));
  const runner = sim.runners('repo:acme/api').find((r) => r.name === 'lane-x')!;
  await eventually(async () => (sim.store.isOnline(runner) ? true : undefined));
  expect(runner.version).toBe('2.330.0');

  sim.assignJob(runner.id, 1_500);
  const worker = await eventually(async () => {
    const { stdout } = await exec('ps', ['-eo', 'pid=,args=']);
    return stdout.split('\n').find((l) => l.includes(`${dir}/bin/Runner.Worker.mjs`));
  });
  expect(worker).toContain('spawnclient');
  expect(sim.store.isBusy(runner)).toBe(true);
  await eventually(async () => (sim.store.isBusy(runner) ? undefined : true));

  sim.store.delete(runner.id);
  expect(await exited).toBe(1);
});

test('config.sh remove unregisters with the remove token from the environment', async () => {
  const { token } = sim.store.issueToken('registration', 'repo:acme/api');
  await exec(join(dir, 'config.sh'), ['--unattended', '--url', `${sim.url}/acme/api`, '--name', 'lane-y', '--replace'], { env: { ...env, ACTIONS_RUNNER_INPUT_TOKEN: token } });
  const remove = sim.store.issueToken('remove', 'repo:acme/api');
  await exec(join(dir, 'config.sh'), ['remove'], { env: { ...env, ACTIONS_RUNNER_INPUT_TOKEN: remove.token } });
  expect(sim.runners('repo:acme/api').find((r) => r.name === 'lane-y')).toBeUndefined();
  expect(existsSync(join(dir, '.runner'))).toBe(false);
  expect(existsSync(join(dir, '.credentials'))).toBe(false);
});

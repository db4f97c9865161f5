// Stand-in for actions/runner's Runner.Worker (see ../README.md). Started by the listener as
// `bin/Runner.Worker spawnclient <job>`; reads the job from its standard input, writes the job's
// script to <work folder>/_temp/<job>.sh and runs it as a `run:` step is run
// (`bash --noprofile --norc -e -o pipefail <file>`) in <work folder>/<job id>, in the listener's
// environment (so with .env and the unit's PATH) plus RUNNER_TRACKING_ID. As the real worker:
// - it ignores SIGINT (the listener decides); a `cancel` line from the listener, or SIGTERM,
//   cancels the job;
// - a cancel signals the step's process only, never its process group (ProcessInvoker's
//   kill(pid, …)): SIGINT, then SIGTERM 7.5 s later if it still runs, then SIGKILL 2.5 s after
//   that; the step's own children get no signal from it;
// - when the step has ended (done or cancelled), every process started during the job that still
//   carries the job's RUNNER_TRACKING_ID is killed (JobExtension's orphan process clean-up), so a
//   process a step left behind, detached or not, ends with the job unless it cleared that variable.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let step = null;
let stepExited = null;
let cancelled = false;
let trackingId = null;
const before = new Set();

process.on('SIGINT', () => undefined);
process.on('SIGTERM', cancel);

function pids() {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number);
}

function send(pid, signal) {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

const exited = (ms) => Promise.race([stepExited.then(() => true), new Promise((r) => setTimeout(() => r(false), ms).unref())]);

async function cancel() {
  if (cancelled) return;
  cancelled = true;
  if (!step) process.exit(1);
  if (send(step.pid, 'SIGINT') && (await exited(7_500))) return;
  if (send(step.pid, 'SIGTERM') && (await exited(2_500))) return;
  send(step.pid, 'SIGKILL');
}

/** The orphan process clean-up: SIGKILL to each process the job started that still carries its tracking id. */
function cleanUpOrphans() {
  for (const pid of pids()) {
    if (pid === process.pid || before.has(pid)) continue;
    let environ = '';
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (environ.split('\0').includes(`RUNNER_TRACKING_ID=${trackingId}`)) send(pid, 'SIGKILL');
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'cancel') return void cancel();
  if (step) return;
  const job = JSON.parse(line);
  let work = '_work';
  try {
    work = JSON.parse(readFileSync(join(root, '.runner'), 'utf8').replace(/^\uFEFF/, '')).workFolder ?? '_work';
  } catch {
    // Keep the default.
  }
  for (const pid of pids()) before.add(pid);
  trackingId = `github_${job.id}`;
  const workFolder = resolve(root, work);
  const cwd = join(workFolder, String(job.id));
  mkdirSync(cwd, { recursive: true });
  mkdirSync(join(workFolder, '_temp'), { recursive: true });
  const scriptFile = join(workFolder, '_temp', `${job.id}.sh`);
  writeFileSync(scriptFile, job.script ?? `sleep ${Math.max(0, Number(job.durationMs ?? 1000)) / 1000}`);
  step = spawn('/bin/bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', scriptFile], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GITHUB_ACTIONS: 'true', CI: process.env.CI ?? 'true', RUNNER_TRACKING_ID: trackingId, GITHUB_RUN_ID: String(job.id) },
  });
  stepExited = new Promise((r) => step.on('exit', (code) => r(code)));
  stepExited.then((code) => {
    cleanUpOrphans();
    process.exit(cancelled ? 1 : (code ?? 1));
  });
});

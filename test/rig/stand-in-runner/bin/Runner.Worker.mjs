// Stand-in for actions/runner's Runner.Worker (see ../README.md). Started by the listener as
// `bin/Runner.Worker spawnclient <job>`; reads the job from its standard input and runs the job's
// script with /bin/bash in <work folder>/<job id>, in the listener's environment (so with .env
// and the unit's PATH). Like the real worker it ignores SIGINT (the listener decides), cancels
// the job on SIGTERM or on a `cancel` line from the listener: the step's process group gets
// SIGINT, then SIGTERM after 7.5 s, then SIGKILL after 2.5 s more.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let step = null;
let cancelled = false;

process.on('SIGINT', () => undefined);
process.on('SIGTERM', cancel);

function cancel() {
  if (cancelled) return;
  cancelled = true;
  if (!step) process.exit(1);
  const group = -step.pid;
  const signal = (s) => {
    try {
      process.kill(group, s);
    } catch {
      // The group is gone.
    }
  };
  signal('SIGINT');
  setTimeout(() => signal('SIGTERM'), 7_500).unref();
  setTimeout(() => signal('SIGKILL'), 10_000).unref();
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'cancel') return cancel();
  if (step) return;
  const job = JSON.parse(line);
  let work = '_work';
  try {
    work = JSON.parse(readFileSync(join(root, '.runner'), 'utf8').replace(/^\uFEFF/, '')).workFolder ?? '_work';
  } catch {
    // Keep the default.
  }
  const cwd = join(resolve(root, work), String(job.id));
  mkdirSync(cwd, { recursive: true });
  const script = job.script ?? `sleep ${Math.max(0, Number(job.durationMs ?? 1000)) / 1000}`;
  step = spawn('/bin/bash', ['-e', '-c', script], {
    cwd,
    detached: true, // its own process group, which a cancel signals as a whole
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GITHUB_ACTIONS: 'true', RUNNER_TRACKING_ID: `github_${job.id}`, GITHUB_RUN_ID: String(job.id) },
  });
  step.on('exit', (code) => process.exit(cancelled ? 1 : (code ?? 1)));
});

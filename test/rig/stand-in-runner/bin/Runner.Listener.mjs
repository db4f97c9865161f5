// Stand-in for actions/runner's Runner.Listener (see ../README.md). Keeps the runner online in
// the GitHub simulator with a heartbeat, runs a Runner.Worker process per job handed to it, and
// exits with TerminatedError (1) when its registration was deleted, as the real listener does.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const TERMINATED_ERROR = 1;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file) => JSON.parse(readFileSync(join(root, file), 'utf8').replace(/^\uFEFF/, ''));

let runner;
let credentials;
try {
  runner = readJson('.runner');
  credentials = readJson('.credentials').data.simCredentials;
} catch {
  console.error('Not configured. Run config.sh to configure the runner.');
  process.exit(TERMINATED_ERROR);
}
const version = /"Runner\.Listener\/(\d+\.\d+\.\d+)"/.exec(readFileSync(join(root, 'bin', 'Runner.Listener.deps.json'), 'utf8'))?.[1];
const origin = new URL(runner.gitHubUrl).origin;
let worker = null;
let stopping = false;

process.on('SIGTERM', stop);
process.on('SIGINT', stop);

function stop() {
  stopping = true;
  if (worker) worker.kill('SIGTERM');
  process.exit(0);
}

async function post(verb, body) {
  const res = await fetch(`${origin}/_sim/runner/${verb}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: runner.agentId, credentials, ...body }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

function runJob(job) {
  console.log(`Running job: ${job.id}`);
  worker = spawn(process.execPath, [join(root, 'bin', 'Runner.Worker.mjs'), 'spawnclient', String(job.id), String(job.durationMs)], {
    stdio: 'inherit',
  });
  worker.on('exit', async () => {
    worker = null;
    if (stopping) return;
    console.log(`Job ${job.id} completed`);
    await post('job-done', { jobId: job.id }).catch(() => undefined);
  });
}

console.log(`√ Connected to GitHub\nListening for Jobs (${runner.agentName}, version ${version})`);
for (;;) {
  try {
    const r = await post('session', { version });
    if (r.status === 404) {
      console.error('The runner registration has been deleted from the server, please re-configure.');
      process.exit(TERMINATED_ERROR);
    }
    if (r.status === 200 && r.body?.job && !worker) runJob(r.body.job);
  } catch (e) {
    console.error(`session failed, retrying: ${e.message}`);
  }
  await sleep(1000);
}

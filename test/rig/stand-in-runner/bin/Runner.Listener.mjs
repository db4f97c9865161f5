// Stand-in for actions/runner's Runner.Listener (see ../README.md). Behaves towards its
// supervisor as the real listener does:
// - loads `.env` (KEY=VALUE lines; an empty value unsets the variable) at start, before anything else;
// - refuses to do anything (exit 1) unless it can list its directory and every directory above it;
// - `configure` / `remove` are config.mjs; `run` keeps a session with the GitHub simulator;
// - exit codes (Constants.Runner.ReturnCode): 0 success (a stop, or the registration deleted
//   while polling: .credentials, .credentials_rsaparams and .runner are deleted first),
//   1 terminated (not configured; the session refused: registration deleted or access denied;
//   a deprecated version), 2 retryable (an unexpected failure, e.g. 401 while polling),
//   5 session conflict, 7 a deprecated version when ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE
//   is true. A deprecated version is reported while polling, after the session opened, as GitHub's
//   broker does (RunnerVersionTooOld); other failures of session creation (5xx, no connection)
//   are retried in the process every 30 s, not an exit;
// - SIGINT (Ctrl-C, what the official service sends) and SIGTERM cancel the running job through
//   the worker, wait for the worker, and exit 0;
// - a job runs in a child `bin/Runner.Worker spawnclient` process, which runs the job's script.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const ReturnCode = { Success: 0, TerminatedError: 1, RetryableError: 2, SessionConflict: 5, RunnerVersionDeprecated: 7 };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

loadEnvFile();
// Program.Main: the runner directory and each directory above it must be readable by this user
// (IOUtil.ValidateExecutePermission lists each one); otherwise every command ends with 1.
for (let dir = root; ; dir = dirname(dir)) {
  try {
    readdirSync(dir);
  } catch (e) {
    if (e.code !== 'EACCES' && e.code !== 'EPERM') throw e;
    console.error(`An error occurred: Permission to read the directory contents is required for '${root}' and each directory up the hierarchy. Access to the path '${dir}' is denied.`);
    process.exit(ReturnCode.TerminatedError);
  }
  if (dir === dirname(dir)) break;
}
const command = (process.argv[2] ?? '').toLowerCase();
if (command === 'configure' || command === 'remove') {
  const { configure, remove } = await import('./config.mjs');
  process.exit(command === 'remove' ? await remove(process.argv.slice(3)) : await configure(process.argv.slice(3)));
}
if (command !== 'run') {
  console.error(`Runner.Listener (stand-in): unknown command '${command}' (run, configure, remove)`);
  process.exit(ReturnCode.TerminatedError);
}
process.exit(await run());

function loadEnvFile() {
  let text;
  try {
    text = readFileSync(join(root, '.env'), 'utf8');
  } catch {
    return;
  }
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    // Environment.SetEnvironmentVariable(key, null): `KEY=` unsets KEY.
    if (at === line.length - 1) delete process.env[line.slice(0, at)];
    else process.env[line.slice(0, at)] = line.slice(at + 1);
  }
}

function readJson(file) {
  return JSON.parse(readFileSync(join(root, file), 'utf8').replace(/^\uFEFF/, ''));
}

function truthy(value) {
  return ['1', 'true'].includes(String(value ?? '').toLowerCase());
}

async function run() {
  if (!existsSync(join(root, '.runner'))) {
    console.error('An error occurred: Not configured. Run config.(sh/cmd) to configure the runner.');
    return ReturnCode.TerminatedError;
  }
  let runner;
  let credentials;
  try {
    runner = readJson('.runner');
    credentials = readJson('.credentials').data.simCredentials;
  } catch (e) {
    console.error(`An error occurred: ${e.message}`);
    return ReturnCode.RetryableError;
  }
  const version = /"Runner\.Listener\/(\d+\.\d+\.\d+)"/.exec(readFileSync(join(root, 'bin', 'Runner.Listener.deps.json'), 'utf8'))?.[1];
  const origin = new URL(runner.gitHubUrl).origin;
  let worker = null;
  let shuttingDown = null;
  let cancelling = false;

  const shutdown = () => {
    if (shuttingDown) return;
    console.log('Exiting...');
    cancelling = true;
    shuttingDown = (async () => {
      if (worker) {
        worker.stdin.write('cancel\n');
        await worker.done;
      }
      await post('session-delete', {}).catch(() => undefined);
      process.exit(ReturnCode.Success);
    })();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  async function post(verb, body) {
    const res = await fetch(`${origin}/_sim/runner/${verb}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: runner.agentId, credentials, ...body }),
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { message: text };
    }
    return { status: res.status, body: parsed };
  }

  function runJob(job) {
    console.log(`${new Date().toISOString()}: Running job: ${job.id}`);
    const child = spawn(join(root, 'bin', 'Runner.Worker'), ['spawnclient', String(job.id)], { cwd: root, stdio: ['pipe', 'inherit', 'inherit'] });
    child.stdin.write(`${JSON.stringify(job)}\n`);
    worker = child;
    // `done` resolves once the worker exited and the job's result was reported.
    child.done = new Promise((resolve) => child.on('exit', (code) => resolve(code))).then(async (code) => {
      worker = null;
      const result = cancelling || shuttingDown ? 'cancelled' : code === 0 ? 'succeeded' : 'failed';
      console.log(`${new Date().toISOString()}: Job ${job.id} completed with result: ${result}`);
      await post('job-done', { jobId: job.id, result }).catch(() => undefined);
    });
  }

  // Session creation: what the server says here decides the exit code, as in the real listener
  // (MessageListener.CreateSessionAsync): a deleted registration or a refusal ends it with 1, a
  // conflict with 5; anything else (5xx, no connection) is retried every 30 s until a stop.
  let reported = false;
  for (;;) {
    let created;
    try {
      created = await post('session', { version, create: true });
    } catch (e) {
      created = { status: 0, body: { message: e.message } };
    }
    if (created.status === 200) break;
    if (created.status === 404) {
      console.error('Failed to create a session. The runner registration has been deleted from the server, please re-configure.');
      return ReturnCode.TerminatedError;
    }
    if (created.status === 409) {
      console.error('A session for this runner already exists.');
      return ReturnCode.SessionConflict;
    }
    if (created.status === 401 || created.status === 403) {
      console.error(`Failed to create session. ${created.body?.message ?? created.status}`);
      return ReturnCode.TerminatedError;
    }
    if (!reported) console.error(`${new Date().toISOString()}: Runner connect error: ${created.status} ${created.body?.message ?? ''}. Retrying until reconnected.`);
    reported = true;
    const until = Date.now() + 30_000;
    while (Date.now() < until && !shuttingDown) await sleep(250);
    if (shuttingDown) return await shuttingDown;
  }
  console.log(`√ Connected to GitHub\n\nCurrent runner version: '${version}'\n${new Date().toISOString()}: Listening for Jobs`);

  /** What the real listener's finally does before it leaves: the running job is cancelled and waited for, the session deleted. */
  async function leave(deleteSession) {
    if (worker) {
      cancelling = true;
      worker.stdin.write('cancel\n');
      await worker.done;
    }
    if (deleteSession) await post('session-delete', {}).catch(() => undefined);
  }

  for (;;) {
    await sleep(1000);
    if (shuttingDown) {
      await shuttingDown;
      continue;
    }
    let r;
    try {
      r = await post('session', { version, busy: worker !== null });
    } catch (e) {
      console.error(`${new Date().toISOString()}: Runner connect error: ${e.message}. Retrying until reconnected.`);
      continue;
    }
    if (shuttingDown) continue;
    if (r.status === 404) {
      console.error('The runner no longer exists on the server. Cleaning up local configuration.');
      await leave(false);
      for (const file of ['.credentials', '.credentials_rsaparams', '.runner']) rmSync(join(root, file), { force: true });
      return ReturnCode.Success;
    }
    if (r.status === 403 && r.body?.deprecated) {
      // AccessDeniedException with ErrorCode 1 (the broker's RunnerVersionTooOld): out of the
      // message loop, through its finally, to Program's handler.
      await leave(true);
      console.error(`An error occurred: ${r.body.message}`);
      return truthy(process.env.ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE) ? ReturnCode.RunnerVersionDeprecated : ReturnCode.TerminatedError;
    }
    if (r.status === 401) {
      // Not retried by the message loop (VssUnauthorizedException): an unexpected exception for Program.
      await leave(true);
      console.error(`An error occurred: ${r.body?.message ?? 'unauthorized'}`);
      return ReturnCode.RetryableError;
    }
    if (r.status === 200 && r.body?.job && !worker && !shuttingDown) runJob(r.body.job);
  }
}

// Stand-in for actions/runner's configuration (see ../README.md): registers or removes this
// runner with the GitHub simulator and writes .runner / .credentials as the real runner does.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettings } from './settings.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const settings = readSettings(process.argv.slice(2));

function fail(message) {
  console.error(`Error: ${message}`);
  process.exit(1);
}

async function post(origin, verb, body) {
  const res = await fetch(`${origin}/_sim/runner/${verb}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function configure() {
  if (!settings.flag('unattended')) fail('the stand-in only supports --unattended');
  const url = settings.arg('url');
  const token = settings.arg('token');
  if (!url || !token) fail('--url and --token (or ACTIONS_RUNNER_INPUT_URL / ACTIONS_RUNNER_INPUT_TOKEN) are required');
  if (existsSync(join(root, '.runner')) && !settings.flag('replace')) {
    fail('Cannot configure the runner because it is already configured. To reconfigure the runner, run config.sh remove first.');
  }
  const name = settings.arg('name') ?? 'stand-in';
  const labels = (settings.arg('labels') ?? '').split(',').filter(Boolean);
  const work = settings.arg('work') ?? '_work';
  const runnerGroup = settings.arg('runnergroup');
  const origin = new URL(url).origin;
  const r = await post(origin, 'register', { url, token, name, labels, runnerGroup, replace: settings.flag('replace'), work });
  if (r.status !== 201) fail(`registration failed (${r.status}): ${r.body?.message ?? ''}`);
  const runner = {
    agentId: r.body.id,
    agentName: r.body.name,
    poolId: 1,
    poolName: runnerGroup ?? 'Default',
    disableUpdate: settings.flag('disableupdate'),
    serverUrl: origin,
    gitHubUrl: url,
    workFolder: work,
  };
  writeFileSync(join(root, '.runner'), `\uFEFF${JSON.stringify(runner, null, 2)}`, { mode: 0o644 });
  writeFileSync(
    join(root, '.credentials'),
    JSON.stringify({ scheme: 'OAuth', data: { clientId: String(r.body.id), authorizationUrl: `${origin}/_sim/runner/session`, simCredentials: r.body.credentials } }, null, 2),
    { mode: 0o600 },
  );
  console.log(`√ Runner successfully added\n√ Settings Saved.`);
}

async function remove() {
  const token = settings.arg('token');
  if (!token) fail('config.sh remove needs --token (or ACTIONS_RUNNER_INPUT_TOKEN)');
  const path = join(root, '.runner');
  if (!existsSync(path)) {
    console.log('Runner is not configured; nothing to remove.');
    return;
  }
  const runner = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  const r = await post(new URL(runner.gitHubUrl).origin, 'unregister', { url: runner.gitHubUrl, token, id: runner.agentId });
  if (r.status !== 204 && r.status !== 404) fail(`removal failed (${r.status}): ${r.body?.message ?? ''}`);
  rmSync(path, { force: true });
  rmSync(join(root, '.credentials'), { force: true });
  console.log('√ Runner removed successfully\n√ Removed .credentials\n√ Removed .runner');
}

await (settings.commands[0] === 'remove' ? remove() : configure());

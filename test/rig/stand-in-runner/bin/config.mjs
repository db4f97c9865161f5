// Stand-in for actions/runner's configuration (ConfigurationManager; see ../README.md):
// `Runner.Listener configure|remove`, reached through config.sh. Registers or removes this runner
// with the GitHub simulator, with the real runner's refusals and file order:
// - configure refuses a configured directory (.runner present), whatever --replace says;
// - .credentials_rsaparams is created first (the key pair, before anything is registered), then
//   the registration, then .credentials, then .runner; every file is UTF-8 JSON with a BOM;
// - an unknown runner group, or a runner of the same name without --replace, is refused (exit 1);
// - --no-default-labels leaves out self-hosted/Linux/X64 and needs --labels;
// - remove refuses while .service exists ("Uninstall service first"), needs the remove token
//   only when .runner and .credentials are both there, and deletes the local files in any case;
//   `remove --local` deletes only the local files, before any of that: no .service check, no
//   server, nothing read from .runner.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettings } from './settings.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OK = 0;
const TERMINATED = 1;

class ConfigError extends Error {}

function saveObject(file, value, mode) {
  writeFileSync(join(root, file), `\uFEFF${JSON.stringify(value, null, 2)}`, { mode });
}

function readObject(file) {
  return JSON.parse(readFileSync(join(root, file), 'utf8').replace(/^\uFEFF/, ''));
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

async function guarded(action) {
  try {
    await action();
    return OK;
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `An error occurred: ${e.message}`);
    return TERMINATED;
  }
}

export function configure(argv) {
  const settings = readSettings(argv);
  return guarded(async () => {
    if (existsSync(join(root, '.runner'))) {
      throw new ConfigError("Cannot configure the runner because it is already configured. To reconfigure the runner, run 'config.cmd remove' or './config.sh remove' first.");
    }
    if (!settings.flag('unattended')) throw new ConfigError('the stand-in only supports --unattended');
    const url = settings.arg('url');
    const token = settings.arg('token');
    if (!url || !token) throw new ConfigError('--url and --token (or ACTIONS_RUNNER_INPUT_URL / ACTIONS_RUNNER_INPUT_TOKEN) are required');
    const name = settings.arg('name') ?? 'stand-in';
    const labels = (settings.arg('labels') ?? '').split(',').map((l) => l.trim()).filter(Boolean);
    const noDefaultLabels = settings.flag('no-default-labels');
    const work = settings.arg('work') ?? '_work';
    const runnerGroup = settings.arg('runnergroup');
    const replace = settings.flag('replace');
    const origin = new URL(url).origin;

    // The key pair comes first, as RSAFileKeyManager.CreateKey does: a configure that fails
    // later leaves it behind.
    if (!existsSync(join(root, '.credentials_rsaparams'))) saveObject('.credentials_rsaparams', { d: randomBytes(16).toString('base64') }, 0o600);
    console.log('\n--------------------------------------------------------------------------------\n|        GitHub Actions (stand-in)\n--------------------------------------------------------------------------------\n\n# Runner Registration\n');
    if (noDefaultLabels && labels.length === 0) {
      throw new ConfigError('Disabling default labels via --no-default-labels without specifying --labels is not supported');
    }
    const r = await post(origin, 'register', { url, token, name, labels, runnerGroup, replace, noDefaultLabels, work, disableUpdate: settings.flag('disableupdate') });
    if (r.status === 404 && r.body?.reason === 'runner_group') throw new ConfigError(r.body.message);
    if (r.status === 409) throw new ConfigError(`A runner exists with the same name ${name}.`);
    if (r.status !== 201) throw new ConfigError(`Http response code: ${r.status} from 'POST ${origin}/_sim/runner/register' (${r.body?.message ?? ''})`);
    if (replace && r.body.replaced) console.log('A runner exists with the same name\n√ Successfully replaced the runner');
    else console.log('√ Runner successfully added');
    saveObject('.credentials', { scheme: 'OAuth', data: { clientId: String(r.body.id), authorizationUrl: `${origin}/_sim/runner/session`, simCredentials: r.body.credentials } }, 0o600);
    saveObject(
      '.runner',
      { agentId: r.body.id, agentName: r.body.name, poolId: r.body.runnerGroupId, poolName: r.body.runnerGroupName, disableUpdate: settings.flag('disableupdate'), serverUrl: origin, gitHubUrl: url, workFolder: work },
      0o644,
    );
    console.log('\n# Runner settings\n\n√ Settings Saved.\n');
  });
}

export function remove(argv) {
  const settings = readSettings(argv);
  return guarded(async () => {
    // `remove --local` (Runner.cs: command.RemoveLocalConfig → DeleteLocalRunnerConfig) returns
    // before the removal proper: no .service check, no server, nothing of .runner read.
    if (settings.flag('local')) {
      deleteLocalConfig();
      return;
    }
    console.log('\n# Runner removal\n');
    if (existsSync(join(root, '.service'))) {
      console.log('Removing service');
      console.error('Failed: Removing service');
      throw new ConfigError('Uninstall service first');
    }
    const configured = existsSync(join(root, '.runner'));
    const credentials = existsSync(join(root, '.credentials'));
    if (configured && credentials) {
      const token = settings.arg('token');
      if (!token) throw new ConfigError('config.sh remove needs --token (or ACTIONS_RUNNER_INPUT_TOKEN)');
      const runner = readObject('.runner');
      const r = await post(new URL(runner.gitHubUrl).origin, 'unregister', { url: runner.gitHubUrl, token, id: runner.agentId });
      if (r.status === 404) console.log('Does not exist. Skipping Removing runner from the server');
      else if (r.status !== 204) throw new ConfigError(`Failed: Removing runner from the server (${r.status}: ${r.body?.message ?? ''})`);
      else console.log('√ Runner removed successfully');
    } else {
      console.log('Cannot connect to server, because config files are missing. Skipping removing runner from the server.');
    }
    deleteLocalConfig();
  });
}

// ConfigurationManager.DeleteLocalRunnerConfig: the credential files (and the key pair) only when
// .credentials (or its migrated copy) exists, then .runner and its migrated copy.
function deleteLocalConfig() {
  for (const [present, files, label] of [
    [['.credentials', '.credentials_migrated'], ['.credentials', '.credentials_migrated', '.credentials_rsaparams'], '.credentials'],
    [['.runner', '.runner_migrated'], ['.runner', '.runner_migrated'], '.runner'],
  ]) {
    if (present.some((f) => existsSync(join(root, f)))) {
      for (const f of files) rmSync(join(root, f), { force: true });
      console.log(`√ Removed ${label}`);
    } else {
      console.log(`Does not exist. Skipping Removing ${label}`);
    }
  }
}

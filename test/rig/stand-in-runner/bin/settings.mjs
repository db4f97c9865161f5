// Stand-in for actions/runner (see ../README.md): argument reading as the real CommandSettings
// does it: argv first, then ACTIONS_RUNNER_INPUT_<NAME> (case-insensitive), which is removed
// from the environment once read so no child process sees it.
const PREFIX = 'ACTIONS_RUNNER_INPUT_';

export function readSettings(argv) {
  const env = {};
  for (const key of Object.keys(process.env)) {
    if (key.toUpperCase().startsWith(PREFIX)) {
      const value = (process.env[key] ?? '').trim();
      if (value) env[key.slice(PREFIX.length).toLowerCase()] = value;
      delete process.env[key];
    }
  }
  const commands = [];
  const flags = new Set();
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      commands.push(a.toLowerCase());
      continue;
    }
    const name = a.slice(2).toLowerCase();
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--') && VALUED.has(name)) {
      args[name] = next;
      i++;
    } else flags.add(name);
  }
  return {
    commands,
    arg: (name) => args[name] ?? env[name],
    flag: (name) => flags.has(name) || env[name]?.toLowerCase() === 'true',
  };
}

const VALUED = new Set(['url', 'token', 'name', 'labels', 'runnergroup', 'work', 'pat', 'auth', 'startuptype']);

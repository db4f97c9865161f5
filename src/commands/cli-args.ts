import { Commands, Inputs } from '../constants.js';
import { InputError } from './errors.js';

export const CliCommands = [...Commands, 'validate', 'hosts', 'owners', 'approval-gate', 'ops-runners'] as const;
export type CliCommand = (typeof CliCommands)[number];

export interface CliArgs {
  readonly command: CliCommand;
  readonly inputs: Record<string, string>;
  readonly json: boolean;
  readonly help: boolean;
}

const KNOWN_FLAGS = new Set<string>(Object.values(Inputs));

export function usage(): string {
  return `Usage: lanekeeper <command> [options]

Commands:
  inventory   observe GitHub and the host, write the observed-state JSON
  plan        plan every lane from the policy and the observed state
  apply       carry out a reviewed plan (dry-run unless --mode apply)
  audit       assemble, redact, validate and publish the audit record
  validate    check the policy and list every problem with its path and fix
  hosts       list the policy's hosts (--json for a workflow matrix)
  owners      the owners the selected lanes' scopes belong to (--json: for the App token)
  approval-gate  before an apply: refuse unless environment lanekeeper-apply of GITHUB_REPOSITORY
              is protected (GITHUB_TOKEN with actions: read), or the policy waives the check
  ops-runners which hosts' ops runners are online (LANEKEEPER_TOKEN); offline hosts get an
              ops_runner_offline observation in <output-dir>/observed.json

Options (the action's inputs, as flags):
  --policy FILE          policy file (default .github/lanekeeper.yml)
  --observed FILE        observed-state JSON (default <output-dir>/observed.json)
  --output-dir DIR       where files are written (default .lanekeeper)
  --lane NAME|all        only this lane or pool (default all)
  --mode dry-run|apply   apply mode (default dry-run)
  --confirmation TEXT    "apply <first 12 hex of the plan digest>"
  --idempotency-key KEY  default: run id + attempt
  --plan FILE            the reviewed plan (apply; default <output-dir>/plan.json)
  --host NAME            the host this process runs on (inventory, apply)
  --helper PATH          the privileged helper (default: where install-helper.sh puts it)
  --github-api-url URL   default GITHUB_API_URL or https://api.github.com
  --github-server-url URL  default GITHUB_SERVER_URL or https://github.com
  --retention-days N     audit artifact retention (audit, in Actions)
  --token TOKEN          prefer the LANEKEEPER_TOKEN environment variable (not in the process list)
  --json                 print JSON instead of the table
  --help                 this text

Exit codes: 0 ok, 1 internal error (a bug), 2 usage, 3 policy invalid, 4 refused
(confirmation, idempotency key, stale or altered plan, lease), 5 failed (a lane or a call).
`;
}

export function parseCli(argv: readonly string[]): CliArgs {
  const [first, ...rest] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    return { command: 'plan', inputs: {}, json: false, help: true };
  }
  if (!(CliCommands as readonly string[]).includes(first)) {
    throw new InputError('command', `unknown command "${first}"; use one of ${CliCommands.join(', ')} (lanekeeper --help)`);
  }
  const inputs: Record<string, string> = {};
  let json = false;
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new InputError('argv', `unexpected argument "${arg}" (lanekeeper --help)`);
    const name = m[1]!;
    if (!KNOWN_FLAGS.has(name) || name === Inputs.Command) {
      throw new InputError(name, `unknown option --${name} (lanekeeper --help)`);
    }
    let value = m[2];
    if (value === undefined) {
      value = rest[++i];
      if (value === undefined) throw new InputError(name, `--${name} needs a value`);
    }
    inputs[name] = value;
  }
  return { command: first as CliCommand, inputs, json, help };
}

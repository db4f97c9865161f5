import { DEFAULT_POLICY_PATH, Inputs } from '../constants.js';
import { loadPolicyFile } from '../policy/load.js';
import { formatProblem } from '../policy/errors.js';
import { WARNING_CODES } from '../policy/checks.js';
import type { CliArgs } from './cli-args.js';
import { runCommand } from './dispatch.js';
import { hostMatrix, tokenScopes } from './host-matrix.js';
import { runApprovalGate } from './approval-gate.js';
import { runOpsRunners } from './ops-runners.js';
import { describeFailure, ExitCodes } from './failure.js';
import { runPlan } from './plan.js';
import { terminalIO } from './terminal-io.js';

export interface CliDeps {
  parseCli(argv: readonly string[]): CliArgs;
  usage(): string;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
}

/** Terminal entry: argv → the same command functions as the action; errors → exit codes. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const stdout = deps.stdout ?? ((s: string) => process.stdout.write(s));
  const stderr = deps.stderr ?? ((s: string) => process.stderr.write(s));
  try {
    const args = deps.parseCli(argv);
    if (args.help) {
      stdout(deps.usage());
      return ExitCodes.ok;
    }
    const io = terminalIO({ inputs: args.inputs, printSummary: !args.json, stdout, stderr });
    switch (args.command) {
      case 'validate': {
        const file = io.input(Inputs.Policy) || DEFAULT_POLICY_PATH;
        const { policy, problems: all } = loadPolicyFile(file);
        const warnings = all.filter((p) => p.code !== undefined && WARNING_CODES.includes(p.code));
        const problems = all.filter((p) => !warnings.includes(p));
        for (const w of warnings) stderr(`lanekeeper: warning: ${formatProblem(w)}\n`);
        if (args.json) stdout(JSON.stringify({ ok: problems.length === 0, lanes: policy.lanes.length, problems }, null, 2) + '\n');
        else if (problems.length === 0) stdout(`${file}: ok, ${policy.lanes.length} lanes on ${Object.keys(policy.hosts).length} hosts\n`);
        else stdout(`${file}: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p.line ? `line ${p.line}: ` : ''}${formatProblem(p)}`).join('\n')}\n`);
        return problems.length === 0 ? ExitCodes.ok : ExitCodes.policy;
      }
      case 'hosts': {
        const { policy } = loadPolicyFile(io.input(Inputs.Policy) || DEFAULT_POLICY_PATH);
        const { hosts, unapproved } = hostMatrix(policy, io.input(Inputs.Lane) || 'all');
        // Unapproved hosts stay out of the matrix (no job waits for a runner that should not act);
        // their lanes still show in the plan, blocked.
        if (unapproved.length > 0) stderr(`lanekeeper: not approved in the policy, left out: ${unapproved.join(', ')}\n`);
        stdout(args.json ? JSON.stringify(hosts) + '\n' : hosts.join('\n') + (hosts.length ? '\n' : ''));
        return ExitCodes.ok;
      }
      case 'owners': {
        const { policy } = loadPolicyFile(io.input(Inputs.Policy) || DEFAULT_POLICY_PATH);
        const scopes = tokenScopes(policy, io.input(Inputs.Lane) || 'all');
        stdout(args.json ? JSON.stringify(scopes) + '\n' : scopes.owners.join('\n') + (scopes.owners.length ? '\n' : ''));
        return ExitCodes.ok;
      }
      case 'approval-gate': {
        const outcome = await runApprovalGate(io);
        if (args.json) stdout(JSON.stringify(outcome) + '\n');
        return ExitCodes.ok;
      }
      case 'ops-runners': {
        const check = await runOpsRunners(io);
        stdout(args.json ? JSON.stringify({ online: check.online, offline: check.offline.map((o) => o.host), checked: check.checked, runnerGroups: check.runnerGroups }) + '\n' : check.online.join('\n') + (check.online.length ? '\n' : ''));
        return ExitCodes.ok;
      }
      case 'plan': {
        const { plan } = await runPlan(io);
        if (args.json) stdout(JSON.stringify(plan, null, 2) + '\n');
        return ExitCodes.ok;
      }
      default:
        await runCommand(args.command, io);
        if (args.json) stdout(JSON.stringify(io.outputs, null, 2) + '\n');
        return ExitCodes.ok;
    }
  } catch (error) {
    const f = describeFailure(error);
    stderr(`lanekeeper: ${f.message}\n`);
    return f.exitCode;
  }
}

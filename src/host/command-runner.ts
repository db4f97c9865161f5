/**
 * How SudoHostAgent reaches a host: a function that runs one argv and returns its output.
 * The default spawns locally; a test rig can run the same argv inside a container by prefix.
 */
import { spawn } from 'node:child_process';

export interface CommandRequest {
  readonly argv: readonly string[];
  /** Added to the environment of the command (never to its argv). */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the command's stdin, which is then closed (a proof token, never argv). */
  readonly stdin?: string;
  readonly timeoutMs: number;
}

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export type CommandRunner = (request: CommandRequest) => Promise<CommandResult>;

/** Runs the argv on this machine, no shell, stdin closed (or fed `stdin`), a minimal environment; kills it (SIGKILL) at the timeout. */
export const spawnCommand: CommandRunner = (request) =>
  new Promise((resolve, reject) => {
    const [cmd, ...args] = request.argv;
    if (cmd === undefined) {
      reject(new Error('spawnCommand: empty argv'));
      return;
    }
    // A minimal environment: the action's own (INPUT_TOKEN, ACTIONS_RUNTIME_TOKEN, ...) never
    // reaches the helper or the runner scripts; only what the request names is added.
    const env = { PATH: process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...request.env };
    const child = spawn(cmd, args, { env, stdio: [request.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (request.stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(request.stdin);
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, request.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, timedOut });
    });
  });

/**
 * A runner that puts `prefix` before every argv, e.g. ['nsenter', '-t', pid, '-a']. The request's
 * `env` reaches the command only through a prefix that passes its environment on (nsenter,
 * runuser); ssh would need SendEnv/AcceptEnv for ACTIONS_RUNNER_INPUT_TOKEN.
 */
export function prefixedRunner(prefix: readonly string[], inner: CommandRunner = spawnCommand): CommandRunner {
  return (request) => inner({ ...request, argv: [...prefix, ...request.argv] });
}

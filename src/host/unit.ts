/**
 * Renders the systemd unit of a lane. Pure: the same lane always gives the same bytes, so the
 * inventory can tell a unit Lanekeeper wrote (marker) from one it would write now (byte-equal).
 * No Environment= line carries a token or secret: the runner keeps its credentials in its own
 * directory (.credentials), written by config.sh.
 *
 * The runner's listener is the unit's main process, as the official service runs it
 * (`bin/Runner.Listener run --startuptype service`, after runsvc.sh has applied `.path`), without
 * run.sh/run-helper.sh or RunnerService.js in between: those map a listener killed by a signal
 * to a clean exit (run.sh: 0) or restart it themselves forever (RunnerService.js, also for the
 * deprecated-version code 7), so systemd could neither restart a crash nor see why the runner
 * stopped. docs/host-setup.md ("The lane's unit") argues each line from actions/runner's scripts.
 */
import { DEFAULT_STOP_TIMEOUT_SECONDS } from './host-config.js';

export const UNIT_MARKER_PREFIX = '# Managed by Lanekeeper: lane=';

/** The program the unit runs, relative to the lane directory; the helper checks who owns it. */
export const UNIT_PROGRAM = 'bin/Runner.Listener';

/**
 * Runner.Listener's return codes (actions/runner, Constants.Runner.ReturnCode) the unit must not
 * restart: 1 TerminatedError (registration deleted before the session started, not configured,
 * a deprecated version without the opt-in), 5 SessionConflict (another listener holds the
 * session), 7 RunnerVersionDeprecated (with ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE=1).
 * 0 (a stop, or the registration deleted while polling) is a clean exit and is not restarted
 * either; 2 (retryable) and a death by signal (SIGKILL, the OOM killer, a crash) are.
 */
export const ListenerExit = {
  Success: 0,
  Terminated: 1,
  Retryable: 2,
  SessionConflict: 5,
  VersionDeprecated: 7,
} as const;
export const NO_RESTART_EXIT_CODES = [ListenerExit.Terminated, ListenerExit.SessionConflict, ListenerExit.VersionDeprecated] as const;

export interface UnitSpec {
  readonly lane: string;
  readonly root: string;
  readonly user: string;
  readonly stopTimeoutSeconds?: number;
}

export function laneDirectory(root: string, lane: string): string {
  return `${root.replace(/\/+$/, '')}/${lane}`;
}

/**
 * runsvc.sh's `.path` step, then the listener in its place (exec): PATH becomes what config.sh
 * recorded, the listener loads `.env` itself (Runner.Listener's Program.cs), and the listener's
 * PID is the unit's MainPID. `$$` is systemd's escape for a literal `$`.
 */
function execStart(): string {
  return `/bin/bash -c 'if [ -f .path ]; then PATH="$$(cat .path)"; export PATH; fi; exec ./${UNIT_PROGRAM} run --startuptype service'`;
}

export function renderUnit(spec: UnitSpec): string {
  const dir = laneDirectory(spec.root, spec.lane);
  const stop = spec.stopTimeoutSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS;
  return [
    `${UNIT_MARKER_PREFIX}${spec.lane}`,
    '# Rendered by Lanekeeper from the lane policy; local edits show up as drift and are replaced.',
    '[Unit]',
    `Description=GitHub Actions runner lane ${spec.lane} (Lanekeeper)`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${spec.user}`,
    `WorkingDirectory=${dir}`,
    `ExecStart=${execStart()}`,
    // The listener then exits 7 for a deprecated version instead of 1, so the planner can name it.
    'Environment=ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE=1',
    'Restart=on-failure',
    'RestartSec=5',
    `RestartPreventExitStatus=${NO_RESTART_EXIT_CODES.join(' ')}`,
    // SIGINT is the listener's Ctrl-C: it cancels the running job through its worker and exits 0
    // (what RunnerService.js sends). Only the listener gets it; whatever is left in the unit's
    // cgroup when it has exited (job steps, detached children) is killed by systemd.
    'KillMode=mixed',
    'KillSignal=SIGINT',
    `TimeoutStopSec=${stop}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** The lane named by the unit file's Lanekeeper marker, or null when it carries none. */
export function unitMarkerLane(text: string): string | null {
  const first = text.split('\n', 1)[0] ?? '';
  return first.startsWith(UNIT_MARKER_PREFIX) ? first.slice(UNIT_MARKER_PREFIX.length).trim() : null;
}

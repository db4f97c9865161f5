/**
 * Renders the systemd unit of a lane. Pure: the same lane always gives the same bytes, so the
 * inventory can tell a unit Lanekeeper wrote (marker) from one it would write now (byte-equal).
 * No Environment= line carries a token or secret: the runner keeps its credentials in its own
 * directory (.credentials), written by config.sh.
 */
import { DEFAULT_STOP_TIMEOUT_SECONDS } from './host-config.js';

export const UNIT_MARKER_PREFIX = '# Managed by Lanekeeper: lane=';

/**
 * Runner.Listener's `TerminatedError` return code (actions/runner, Constants.Runner.ReturnCode):
 * what the listener exits with when its registration was deleted on GitHub. The real run.sh maps
 * it to a clean exit 0; it is listed here as well so that a listener exiting with it directly
 * (the stand-in runner's run.sh execs its listener) is not restarted in a loop either.
 */
export const RUNNER_REGISTRATION_DELETED_EXIT = 1;

export interface UnitSpec {
  readonly lane: string;
  readonly root: string;
  readonly user: string;
  readonly stopTimeoutSeconds?: number;
}

export function laneDirectory(root: string, lane: string): string {
  return `${root.replace(/\/+$/, '')}/${lane}`;
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
    `ExecStart=${dir}/run.sh`,
    // run.sh forwards SIGTERM to the listener only when asked to; with KillMode=process the
    // listener must hear the stop itself to finish or cancel its job cleanly.
    'Environment=RUNNER_MANUALLY_TRAP_SIG=1',
    'Restart=on-failure',
    'RestartSec=5',
    `RestartPreventExitStatus=${RUNNER_REGISTRATION_DELETED_EXIT}`,
    'KillMode=process',
    'KillSignal=SIGTERM',
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

/** systemctl, run by absolute path with fixed argument shapes; failures become SYSTEMD_FAILED. */
import { execFileSync } from 'node:child_process';
import { HelperFailure } from './failure.js';
import { SYSTEMCTL } from './programs.js';

const TIMEOUT_MS = 15 * 60 * 1000;

export function systemctl(args: readonly string[], unit?: string): string {
  try {
    return execFileSync(SYSTEMCTL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const detail = (err.stderr || err.message).trim().split('\n').slice(-3).join(' ');
    throw new HelperFailure(
      'SYSTEMD_FAILED',
      `systemctl ${args.join(' ')} failed: ${detail}`,
      unit ? `Inspect: systemctl status ${unit}; journalctl -u ${unit} -n 50` : 'Inspect: systemctl status; journalctl -n 50',
    );
  }
}

export interface UnitProperties {
  readonly LoadState: string;
  readonly UnitFileState: string;
  readonly ActiveState: string;
  readonly SubState: string;
  readonly MainPID: string;
  readonly NRestarts: string;
  /** How the last run ended: success, exit-code, signal, core-dump, timeout, ... */
  readonly Result: string;
  /** 1 exited, 2 killed, 3 dumped (CLD_* codes); ExecMainStatus is the exit status or the signal. */
  readonly ExecMainCode: string;
  readonly ExecMainStatus: string;
}

const PROPERTIES = ['LoadState', 'UnitFileState', 'ActiveState', 'SubState', 'MainPID', 'NRestarts', 'Result', 'ExecMainCode', 'ExecMainStatus'] as const;

export function showUnit(unit: string): UnitProperties {
  const out = systemctl(['show', unit, `--property=${PROPERTIES.join(',')}`], unit);
  const props: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return Object.fromEntries(PROPERTIES.map((p) => [p, props[p] ?? ''])) as unknown as UnitProperties;
}

/** Unit names systemd knows (loaded or with a unit file) matching the glob patterns. */
export function listUnits(patterns: readonly string[]): string[] {
  const names = new Set<string>();
  for (const cmd of [
    ['list-units', '--all', '--no-legend', '--plain', ...patterns],
    ['list-unit-files', '--no-legend', '--plain', ...patterns],
  ]) {
    for (const line of listing(cmd).split('\n')) {
      const name = line.trim().split(/\s+/)[0];
      if (name && name.endsWith('.service')) names.add(name);
    }
  }
  return [...names].sort();
}

/** systemctl list-* exits 1 when nothing matches; that is an empty list, not a failure. */
function listing(args: readonly string[]): string {
  try {
    return execFileSync(SYSTEMCTL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
  } catch (e) {
    const err = e as { status?: number; stdout?: string };
    if (err.status === 1 && !err.stdout?.trim()) return '';
    return systemctl(args);
  }
}

/** A scan of /proc: which runner processes run, for which directory, as whom, in which unit. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  /** The real uid. */
  readonly uid: number;
  /** Real, effective, saved and file-system uid: a process acts as each of them. */
  readonly uids: readonly number[];
  /** Empty for a kernel thread, and for a process that blanked its own command line. */
  readonly argv: readonly string[];
  /** The last line of /proc/<pid>/cgroup: its unified cgroup path. */
  readonly cgroup: string;
}

export function scanProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A process may blank its command line (process.title = "", perl's $0 = ""): it still
      // counts as a process of its user, it just never looks like a runner.
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (/^State:\s+Z/m.test(status)) continue;
      const uids = (/^Uid:\s+(.*)$/m.exec(status)?.[1] ?? '').trim().split(/\s+/).map(Number);
      const uid = uids[0] ?? -1;
      const cgroup = readFileSync(`/proc/${entry}/cgroup`, 'utf8').trim().split('\n').pop() ?? '';
      out.push({ pid: Number(entry), uid, uids, argv, cgroup: cgroup.slice(cgroup.indexOf('::') + 2) });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** The real runner runs `<dir>/bin/Runner.Listener` and `<dir>/bin/Runner.Worker`; interpreters may come first. */
export function runsProgram(p: ProcessInfo, directory: string, program: 'Runner.Listener' | 'Runner.Worker'): boolean {
  const path = `${directory}/bin/${program}`;
  return p.argv.slice(0, 3).some((a) => a === path || a === `${path}.mjs` || a === `${path}.dll`);
}

export function inUnit(p: ProcessInfo, unit: string): boolean {
  return p.cgroup.endsWith(`/${unit}`);
}

export function uidOf(pid: number): number | null {
  try {
    return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return null;
  }
}

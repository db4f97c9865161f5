/** A scan of /proc: which runner processes run, for which directory, as whom, in which unit. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  readonly uid: number;
  readonly argv: readonly string[];
  /** The last line of /proc/<pid>/cgroup: its unified cgroup path. */
  readonly cgroup: string;
}

export function scanProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      if (argv.length === 0) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
      const cgroup = readFileSync(`/proc/${entry}/cgroup`, 'utf8').trim().split('\n').pop() ?? '';
      out.push({ pid: Number(entry), uid, argv, cgroup: cgroup.slice(cgroup.indexOf('::') + 2) });
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

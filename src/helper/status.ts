/**
 * The `status` verb: host inventory for the requested lanes, the runner directories and units
 * no requested lane claims, and the baseline checks. Reads only; its reply parses as
 * HostObservation (src/plan/observed.ts).
 */
import { closeSync, constants as fsConstants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BaselineCheck, HostLaneObservation, HostObservation, RunnerIdentity, UnclaimedItem, UnitFileState, UnitLastExit, UnitObservation } from '../plan/observed.js';
import type { HostConfig } from '../host/host-config.js';
import { renderUnit, unitMarkerLane } from '../host/unit.js';
import { lookupUser, lstatOrNull, type LaneTarget } from './lane-target.js';
import { inUnit, runsProgram, scanProcesses, uidOf, type ProcessInfo } from './processes.js';
import { listUnits, showUnit, type UnitProperties } from './systemd.js';
import { checkRunnerDependencies, systemDependencyProbe } from './runner-dependencies.js';

export const UNCLAIMED_UNIT_PATTERNS = ['lanekeeper-runner@*', 'actions.runner.*'] as const;

export function observeHost(config: HostConfig, lanes: readonly LaneTarget[], helperPath: string): HostObservation {
  const processes = scanProcesses();
  const observed: Record<string, HostLaneObservation> = {};
  for (const lane of lanes) observed[lane.lane] = observeLane(config, lane, processes);
  return {
    host: config.host,
    lanes: observed,
    unclaimed: unclaimed(config, lanes),
    baseline: baseline(config, lanes, helperPath),
  };
}

function observeLane(config: HostConfig, t: LaneTarget, processes: readonly ProcessInfo[]): HostLaneObservation {
  const dir = t.directory;
  const dirStat = lstatOrNull(dir);
  const directoryExists = dirStat?.isDirectory() ?? false;
  // A runner process of this lane runs as the lane's own user; anyone can name a process
  // `<dir>/bin/Runner.Listener` (exec -a), but only the lane's user (or root) can run as its uid.
  const uid = lookupUser(t.user)?.uid ?? null;
  const ofLane = (p: ProcessInfo, program: 'Runner.Listener' | 'Runner.Worker') => uid !== null && p.uid === uid && runsProgram(p, dir, program);
  const listener = processes.find((p) => ofLane(p, 'Runner.Listener') && !inUnit(p, t.unit));
  return {
    lane: t.lane,
    directory: dir,
    directoryExists,
    runnerInstalled: directoryExists && isFile(join(dir, 'config.sh')) && isFile(join(dir, 'run.sh')),
    identity: directoryExists ? readIdentity(readInside(join(dir, '.runner'), dir)) : null,
    credentialsPresent: directoryExists && isFile(join(dir, '.credentials')),
    runnerVersion: directoryExists ? readRunnerVersion(dir) : null,
    unit: observeUnit(config, t),
    // A job of the lane: a worker in the lane unit's cgroup, as the lane's user.
    workerRunning: processes.some((p) => ofLane(p, 'Runner.Worker') && inUnit(p, t.unit)),
    unsupervisedListener: listener ? { pid: listener.pid, user: userName(listener.uid) } : null,
  };
}

function observeUnit(config: HostConfig, t: LaneTarget): UnitObservation {
  const props = showUnit(t.unit);
  const fileText = readTextOrNull(t.unitPath);
  const mainPid = Number(props.MainPID) > 0 ? Number(props.MainPID) : null;
  const uid = mainPid === null ? null : uidOf(mainPid);
  return {
    name: t.unit,
    fileState: fileState(props.LoadState, props.UnitFileState, fileText !== null),
    activeState: props.ActiveState || 'unknown',
    subState: props.SubState || 'unknown',
    renderedByLanekeeper: fileText !== null && unitMarkerLane(fileText) === t.lane,
    matchesRendered: fileText !== null && fileText === renderUnit({ lane: t.lane, root: t.root, user: t.user, stopTimeoutSeconds: config.stopTimeoutSeconds }),
    mainPid,
    mainPidUser: uid === null ? null : userName(uid),
    restarts: Number(props.NRestarts) || 0,
    lastExit: lastExit(props),
  };
}

const EXIT_CODES: Readonly<Record<string, UnitLastExit['code']>> = { '1': 'exited', exited: 'exited', '2': 'killed', killed: 'killed', '3': 'dumped', dumped: 'dumped' };

/** How the listener last ended; only for a unit that is not running (a running one has no last exit worth planning on). */
function lastExit(props: UnitProperties): UnitLastExit | null {
  if (props.ActiveState !== 'inactive' && props.ActiveState !== 'failed') return null;
  const code = EXIT_CODES[props.ExecMainCode];
  if (!code) return null;
  return { code, status: Number(props.ExecMainStatus) || 0, result: props.Result || 'unknown' };
}

function fileState(loadState: string, unitFileState: string, fileOnDisk: boolean): UnitFileState {
  if (loadState === 'not-found' || loadState === '') return fileOnDisk ? 'other' : 'absent';
  const known: readonly UnitFileState[] = ['enabled', 'disabled', 'static', 'masked', 'linked'];
  return (known as readonly string[]).includes(unitFileState) ? (unitFileState as UnitFileState) : 'other';
}

/** `.runner` as config.sh writes it: JSON, sometimes with a byte-order mark. */
function readIdentity(text: string | null): RunnerIdentity | null {
  if (text === null) return null;
  try {
    const raw = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    return {
      agentId: typeof raw.agentId === 'number' ? raw.agentId : null,
      agentName: typeof raw.agentName === 'string' ? raw.agentName : '',
      gitHubUrl: typeof raw.gitHubUrl === 'string' ? raw.gitHubUrl : '',
    };
  } catch {
    return { agentId: null, agentName: '', gitHubUrl: '' };
  }
}

/** The runner's version, from `bin/Runner.Listener.deps.json` ("Runner.Listener/x.y.z"), as a runner install ships it. */
export function readRunnerVersion(dir: string): string | null {
  const deps = readInside(join(dir, 'bin', 'Runner.Listener.deps.json'), dir);
  return deps === null ? null : (/"Runner\.Listener\/(\d+\.\d+\.\d+)"/.exec(deps)?.[1] ?? null);
}

function unclaimed(config: HostConfig, lanes: readonly LaneTarget[]): UnclaimedItem[] {
  const claimedDirs = new Set(lanes.map((l) => l.directory));
  const claimedUnits = new Set(lanes.map((l) => l.unit));
  const items: UnclaimedItem[] = [];
  for (const root of config.registrationRoots) {
    let entries: string[];
    try {
      entries = readdirSync(root).sort();
    } catch {
      continue;
    }
    for (const name of entries) {
      const dir = join(root, name);
      if (claimedDirs.has(dir) || !lstatOrNull(dir)?.isDirectory()) continue;
      // lstat: a link planted as `<dir>/run.sh` must not make the helper probe its target.
      const marks = ['.runner', 'run.sh', 'config.sh'].filter((f) => lstatOrNull(join(dir, f)) !== null);
      if (marks.length > 0) items.push({ kind: 'directory', name: dir, detail: `runner directory (${marks.join(', ')}) no lane claims` });
    }
  }
  for (const unit of listUnits(UNCLAIMED_UNIT_PATTERNS)) {
    if (claimedUnits.has(unit)) continue;
    const props = showUnit(unit);
    items.push({ kind: 'unit', name: unit, detail: `${props.ActiveState}/${props.SubState}, unit file ${props.UnitFileState || 'none'}; no lane claims it` });
  }
  return items;
}

function baseline(config: HostConfig, lanes: readonly LaneTarget[], helperPath: string): BaselineCheck[] {
  const checks: BaselineCheck[] = [];
  // The lanes' users and roots; with no lane asked for, everything the host config allows.
  const users = lanes.length > 0 ? lanes.map((l) => l.user) : config.serviceUsers;
  const roots = lanes.length > 0 ? lanes.map((l) => l.root) : config.registrationRoots;
  for (const user of [...new Set(users)].sort()) {
    const entry = lookupUser(user);
    checks.push({
      id: 'service-user',
      subject: user,
      ok: entry !== null && entry.uid !== 0,
      evidence: entry === null ? `getent passwd ${user}: no such user` : `uid ${entry.uid}, home ${entry.home}`,
    });
    if (entry !== null) checks.push(dockerCredentialIsolation(user, entry.uid, entry.home));
  }
  for (const root of [...new Set(roots)].sort()) {
    try {
      const fs = statfsSync(root);
      const free = Number(fs.bavail) * Number(fs.bsize);
      checks.push({ id: 'disk-space', subject: root, ok: free >= config.minFreeBytes, evidence: `${Math.floor(free / 1024 ** 2)} MiB free, ${Math.floor(config.minFreeBytes / 1024 ** 2)} MiB required`, measured: free });
    } catch (e) {
      checks.push({ id: 'disk-space', subject: root, ok: false, evidence: `statfs ${root}: ${(e as Error).message}` });
    }
  }
  checks.push(runnerDependencies(config));
  checks.push(helperCheck(config.host, helperPath));
  return checks;
}

function runnerDependencies(config: HostConfig): BaselineCheck {
  const dist = config.runnerDistribution;
  const result = checkRunnerDependencies(dist, readRunnerVersion(dist), systemDependencyProbe);
  return { id: 'runner-dependencies', subject: config.host, ...result };
}

function helperCheck(host: string, helperPath: string): BaselineCheck {
  const st = lstatOrNull(helperPath);
  const ok = st !== null && st.isFile() && st.uid === 0 && (st.mode & 0o022) === 0;
  return {
    id: 'helper',
    subject: host,
    ok,
    evidence: `${helperPath}: ${st === null ? 'not installed' : `uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)}${ok ? '' : ', must be root-owned and not group/world-writable'}`}`,
  };
}

/**
 * Docker credentials a lane's jobs log in with land in the service user's Docker config; they
 * stay the lane user's own only when that config is a plain directory and file owned by the
 * user and closed to everyone else (no symlink to a shared config).
 */
function dockerCredentialIsolation(user: string, uid: number, home: string): BaselineCheck {
  const dir = join(home, '.docker');
  const problems: string[] = [];
  for (const [path, kind] of [
    [dir, 'directory'],
    [join(dir, 'config.json'), 'file'],
  ] as const) {
    const st = lstatOrNull(path);
    if (st === null) continue;
    if (st.isSymbolicLink()) problems.push(`${path} is a symbolic link`);
    else if (kind === 'directory' ? !st.isDirectory() : !st.isFile()) problems.push(`${path} is not a ${kind}`);
    else {
      if (st.uid !== uid) problems.push(`${path} is owned by uid ${st.uid}`);
      if ((st.mode & 0o077) !== 0) problems.push(`${path} has mode ${(st.mode & 0o777).toString(8)}`);
    }
  }
  return {
    id: 'docker-credential-isolation',
    subject: user,
    ok: problems.length === 0,
    evidence: problems.length === 0 ? `${dir} is absent or private to ${user}` : problems.join('; '),
  };
}

function userName(uid: number): string {
  return lookupUser(uid)?.name ?? String(uid);
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

const MAX_RUNNER_FILE_BYTES = 1024 * 1024;

/**
 * Reads `path`, a file below the lane directory `dir`, as root without following any link on
 * the way: `dir` is opened with O_NOFOLLOW (the registration root above it is root-owned, so no
 * lane user can swap it), and every further component is opened relative to the descriptor of
 * the one before (`/proc/self/fd/<fd>/<name>`, O_NOFOLLOW), as openat would. A directory swapped
 * for a link at any moment is refused, never followed. O_NONBLOCK keeps a FIFO from hanging the
 * helper; the file must be a regular file of bounded size, checked on its descriptor.
 */
export function readInside(path: string, dir: string): string | null {
  if (!path.startsWith(`${dir}/`)) return null;
  const parts = path.slice(dir.length + 1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  const opened: number[] = [];
  try {
    opened.push(openSync(dir, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY | fsConstants.O_NOFOLLOW));
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      const flags = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | (last ? fsConstants.O_NONBLOCK : fsConstants.O_DIRECTORY);
      opened.push(openSync(`/proc/self/fd/${opened[opened.length - 1]}/${part}`, flags));
    }
    const fd = opened[opened.length - 1] as number;
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_RUNNER_FILE_BYTES) return null;
    return readFileSync(fd, 'utf8');
  } catch {
    return null;
  } finally {
    for (const fd of opened) closeSync(fd);
  }
}

function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

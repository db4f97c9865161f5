/**
 * Re-validates one lane's arguments against the host config and the file system: lane name,
 * host, root allowlist, no `..`, no symlink leading out of a root, allowed and existing user,
 * unit name pattern and instance. The result is the only thing verbs act on.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { LANE_NAME_PATTERN } from '../policy/schema.js';
import type { HostConfig } from '../host/host-config.js';
import { laneDirectory } from '../host/unit.js';
import type { LaneArgs } from './args.js';
import { GETENT } from './programs.js';
import { HelperFailure } from './failure.js';

export interface LaneTarget {
  readonly lane: string;
  readonly root: string;
  readonly user: string;
  readonly unit: string;
  readonly directory: string;
  readonly unitPath: string;
}

export function checkHost(config: HostConfig, host: string | undefined): void {
  if (host !== undefined && host !== config.host) {
    throw new HelperFailure('HOST_MISMATCH', `this host is ${config.host}, not ${host}`, 'Run the job on the host the lane names (runner labels lanekeeper-ops + host name).');
  }
}

export function resolveLane(config: HostConfig, args: LaneArgs): LaneTarget {
  const { lane, root, user, unit } = args;
  if (!LANE_NAME_PATTERN.test(lane)) {
    throw new HelperFailure('LANE_NAME_INVALID', `lane ${JSON.stringify(lane)} does not match ${LANE_NAME_PATTERN.source}`, 'Use 1-63 lower-case letters, digits and "-", starting with a letter or digit.');
  }
  const realRoot = checkRoot(config, root);
  checkUser(config, user);
  checkUnit(config, lane, unit);
  const directory = laneDirectory(root, lane);
  checkInside(directory, realRoot);
  const unitPath = posix.join(config.unitDirectory, unit);
  const unitStat = lstatOrNull(unitPath);
  if (unitStat?.isSymbolicLink()) {
    throw new HelperFailure('PATH_ESCAPE', `${unitPath} is a symbolic link`, `Remove the link; Lanekeeper writes lane units as plain files in ${config.unitDirectory}.`);
  }
  return { lane, root, user, unit, directory, unitPath };
}

/** Root must be listed verbatim and be its own real path (no symlink anywhere on the way). */
function checkRoot(config: HostConfig, root: string): string {
  if (root.split('/').some((part) => part === '..' || part === '.')) {
    throw new HelperFailure('PATH_ESCAPE', `root ${root} contains "." or ".." segments`, 'Pass the registration root exactly as the host config lists it.');
  }
  if (!config.registrationRoots.includes(root)) {
    throw new HelperFailure('ROOT_NOT_ALLOWED', `root ${root} is not an approved registration root (${config.registrationRoots.join(', ')})`, 'Use an approved root, or add it to registrationRoots in the host config.');
  }
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    throw new HelperFailure('NOT_FOUND', `registration root ${root} does not exist`, `Create it: install -d -o <service user> -m 0755 ${root}`);
  }
  if (real !== root) {
    throw new HelperFailure('PATH_ESCAPE', `root ${root} resolves to ${real} through a symbolic link`, 'List the real directory in the host config and the policy.');
  }
  return real;
}

/** A path under a root that exists must not be a symlink and must really be inside the root. */
export function checkInside(path: string, realRoot: string): void {
  const st = lstatOrNull(path);
  if (st === null) return;
  if (st.isSymbolicLink()) {
    throw new HelperFailure('PATH_ESCAPE', `${path} is a symbolic link`, 'Lane directories and their scripts must be plain files and directories inside the root.');
  }
  const real = realpathSync(path);
  if (!real.startsWith(`${realRoot}/`)) {
    throw new HelperFailure('PATH_ESCAPE', `${path} resolves to ${real}, outside ${realRoot}`, 'Remove whatever redirects the path out of the registration root.');
  }
}

function checkUser(config: HostConfig, user: string): void {
  if (!config.serviceUsers.includes(user)) {
    throw new HelperFailure('USER_NOT_ALLOWED', `user ${user} is not an allowed service user (${config.serviceUsers.join(', ')})`, 'Use an allowed user, or add it to serviceUsers in the host config.');
  }
  if (lookupUser(user) === null) {
    throw new HelperFailure('USER_MISSING', `service user ${user} does not exist on this host`, `Create it: useradd --system --create-home ${user}`);
  }
}

function checkUnit(config: HostConfig, lane: string, unit: string): void {
  if (!new RegExp(config.unitNamePattern).test(unit)) {
    throw new HelperFailure('UNIT_NAME_INVALID', `unit ${unit} does not match ${config.unitNamePattern}`, `Use the default unit name lanekeeper-runner@${lane}.service.`);
  }
  if (!unit.endsWith(`@${lane}.service`)) {
    throw new HelperFailure('UNIT_NAME_INVALID', `unit ${unit} is not an instance for lane ${lane}`, `Name the unit <template>@${lane}.service, e.g. lanekeeper-runner@${lane}.service.`);
  }
}

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly home: string;
}

/** getent passwd, so users from NSS sources count as well as /etc/passwd. */
export function lookupUser(nameOrUid: string | number): PasswdEntry | null {
  try {
    const line = execFileSync(GETENT, ['passwd', String(nameOrUid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [name, , uid, , , home] = line.trim().split(':');
    return name && uid ? { name, uid: Number(uid), home: home ?? '' } : null;
  } catch {
    return null;
  }
}

export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

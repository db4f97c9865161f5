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

/** Who called the helper: sudo's SUDO_UID, so the caller can never name itself as a lane's user. */
export interface Caller {
  readonly uid: number | null;
}

export function resolveLane(config: HostConfig, args: LaneArgs, caller: Caller = { uid: null }): LaneTarget {
  const { lane, root, user, unit } = args;
  if (!LANE_NAME_PATTERN.test(lane)) {
    throw new HelperFailure('LANE_NAME_INVALID', `lane ${JSON.stringify(lane)} does not match ${LANE_NAME_PATTERN.source}`, 'Use 1-63 lower-case letters, digits and "-", starting with a letter or digit.');
  }
  const realRoot = checkRoot(config, root);
  checkRootChain(realRoot, 'registration root');
  checkUser(config, user, caller);
  checkUnit(config, lane, unit);
  const directory = laneDirectory(root, lane);
  checkInside(directory, realRoot);
  const unitPath = posix.join(config.unitDirectory, unit);
  if (posix.dirname(unitPath) !== posix.normalize(config.unitDirectory)) {
    throw new HelperFailure('UNIT_NAME_INVALID', `unit ${unit} resolves to ${unitPath}, outside ${config.unitDirectory}`, `Name the unit lanekeeper-runner@${lane}.service.`);
  }
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
    throw new HelperFailure('NOT_FOUND', `registration root ${root} does not exist`, `Create it: install -d -o root -g root -m 0755 ${root}`);
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

function checkUser(config: HostConfig, user: string, caller: Caller): void {
  if (!config.serviceUsers.includes(user)) {
    throw new HelperFailure('USER_NOT_ALLOWED', `user ${user} is not an allowed service user (${config.serviceUsers.join(', ')})`, 'Use an allowed user, or add it to serviceUsers in the host config.');
  }
  const entry = lookupUser(user);
  if (entry === null) {
    throw new HelperFailure('USER_MISSING', `service user ${user} does not exist on this host`, `Create it: useradd --system --create-home ${user} (scripts/install-helper.sh creates every serviceUsers entry)`);
  }
  // A name is not an identity: any passwd entry with uid 0 is root, whatever it is called.
  if (entry.uid === 0) {
    throw new HelperFailure('USER_NOT_ALLOWED', `service user ${user} has uid 0 (an alias of root)`, `Give ${user} its own non-zero uid, or remove it from serviceUsers.`);
  }
  if (caller.uid !== null && entry.uid === caller.uid) {
    throw new HelperFailure('USER_NOT_ALLOWED', `service user ${user} is the helper's caller (uid ${entry.uid})`, 'The ops user must not be a lane service user: give the lane its own user.');
  }
}

/**
 * The one unit-name grammar: `<template>@<lane>.service`, the template of lower-case letters,
 * digits and "-" (no "/", no "."): the name always resolves to a file directly inside the unit
 * directory. The host config's unitNamePattern narrows it further.
 */
export const UNIT_TEMPLATE_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

function checkUnit(config: HostConfig, lane: string, unit: string): void {
  const at = unit.lastIndexOf('@');
  if (at < 0 || !UNIT_TEMPLATE_PATTERN.test(unit.slice(0, at)) || unit.slice(at) !== `@${lane}.service`) {
    throw new HelperFailure('UNIT_NAME_INVALID', `unit ${unit} is not <template>@${lane}.service with a template of [a-z0-9-]`, `Name the unit lanekeeper-runner@${lane}.service.`);
  }
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
  readonly gid: number;
  readonly home: string;
}

/**
 * The registration root and every directory above it must be root-owned and closed to group and
 * other writes, or whoever can write one of them can swap a lane directory after its check. A
 * root-owned world-writable directory with the sticky bit (/tmp, /var/tmp) is accepted as an
 * ancestor: there, only root can rename or remove the root-owned entry below it.
 */
export function checkRootChain(path: string, what: string): void {
  const parts = path.split('/').filter((p) => p !== '');
  for (let i = parts.length; i >= 0; i -= 1) {
    const dir = `/${parts.slice(0, i).join('/')}`;
    const st = lstatOrNull(dir);
    const sticky = (st?.mode ?? 0) & 0o1000;
    const writable = ((st?.mode ?? 0) & 0o022) !== 0;
    const isSelf = i === parts.length;
    if (!st || !st.isDirectory() || st.uid !== 0 || (writable && (isSelf || !sticky))) {
      throw new HelperFailure(
        'UNSAFE_OWNERSHIP',
        `${dir} (${isSelf ? what : `above the ${what} ${path}`}) is ${st ? `owned by uid ${st.uid} with mode ${(st.mode & 0o7777).toString(8)}` : 'missing'}; it must be a root-owned directory no group or other user can write`,
        `Run: chown root:root ${dir} && chmod go-w ${dir}`,
      );
    }
  }
}

/** getent passwd, so users from NSS sources count as well as /etc/passwd. */
export function lookupUser(nameOrUid: string | number): PasswdEntry | null {
  try {
    const line = execFileSync(GETENT, ['passwd', String(nameOrUid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [name, , uid, gid, , home] = line.trim().split(':');
    return name && uid ? { name, uid: Number(uid), gid: Number(gid), home: home ?? '' } : null;
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

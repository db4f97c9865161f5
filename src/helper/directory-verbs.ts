/**
 * The lane directory verbs, run as root: `prepare-directory` creates `<root>/<lane>` from the
 * root-owned runner distribution, owned by the lane's user with mode 0700, and marks the lane as
 * managed; `remove-directory` removes a managed lane's directory and its marker. The
 * registration root is root-owned, so only these verbs can create or remove a lane directory.
 */
import { chmodSync, cpSync, lchownSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfig } from '../host/host-config.js';
import { HelperFailure } from './failure.js';
import { checkRootChain, lookupUser, lstatOrNull, type LaneTarget, type PasswdEntry } from './lane-target.js';
import { assertUserNotShared, readMarker, removeMarker, requireManagedLane, writeMarker } from './lane-markers.js';
import { scanProcesses } from './processes.js';
import { showUnit } from './systemd.js';

export interface DirectoryVerbResult {
  readonly changed: boolean;
}

export function prepareDirectory(config: HostConfig, t: LaneTarget): DirectoryVerbResult {
  const user = serviceUser(t);
  assertUserNotShared(config, t);
  const marker = readMarker(config, t.lane);
  if (marker !== null) requireManagedLane(config, t);
  const st = lstatOrNull(t.directory);
  if (st === null) {
    const dist = config.runnerDistribution;
    checkRootChain(dist, 'runner distribution');
    if (lstatOrNull(join(dist, 'config.sh')) === null) {
      throw new HelperFailure('NOT_FOUND', `the runner distribution ${dist} holds no config.sh`, `Unpack the runner tarball into ${dist} (docs/host-setup.md).`);
    }
    checkDistributionTree(dist, dist);
    // Built under a name no lane can have, closed to everyone until it is complete and owned.
    const temp = `${t.directory}.lanekeeper-new`;
    // A leftover of a helper that died after handing it over belongs to the lane's user, who could
    // swap links into it while root removes it: only root's own leftover is removed here.
    const leftover = lstatOrNull(temp);
    if (leftover !== null && (leftover.uid !== 0 || !leftover.isDirectory())) {
      throw new HelperFailure('UNSAFE_OWNERSHIP', `${temp}, left by an earlier prepare-directory, is not a directory of root (uid ${leftover.uid})`, `With no process of ${t.user} running, remove it by hand: rm -rf ${temp}`);
    }
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { mode: 0o700 });
    cpSync(dist, temp, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    // Children first, the directory itself last: until everything below it belongs to the lane's
    // user, `temp` is root's (0700) and no process of that user can reach inside it to swap a
    // directory root is about to descend into for a link.
    chownTree(temp, user);
    chmodSync(temp, 0o700);
    renameSync(temp, t.directory);
    writeMarker(config, { lane: t.lane, root: t.root, user: t.user, uid: user.uid });
    return { changed: true };
  }
  requireOwnedDirectory(t, user);
  if (marker === null) writeMarker(config, { lane: t.lane, root: t.root, user: t.user, uid: user.uid });
  return { changed: marker === null };
}

export function removeDirectory(config: HostConfig, t: LaneTarget): DirectoryVerbResult {
  if (lstatOrNull(t.directory) === null) {
    if (readMarker(config, t.lane) !== null) requireManagedLane(config, t);
    removeMarker(config, t.lane);
    return { changed: false };
  }
  const marker = requireManagedLane(config, t);
  if (lstatOrNull(t.unitPath) !== null) {
    const state = showUnit(t.unit).ActiveState;
    if (['active', 'activating', 'deactivating', 'reloading'].includes(state)) {
      throw new HelperFailure('UNIT_ACTIVE', `${t.unit} is ${state}`, 'Stop the unit first (verb stop).');
    }
  }
  // With no process of the lane's user left, nothing can swap a path inside the directory for a
  // link while root removes it. The directory is taken from the user before the second look: a
  // process of the user started after that (the unit started again meanwhile) cannot enter it,
  // and one that was already inside shows up in the second look.
  refuseRunning(t, marker.uid);
  const before = lstatSync(t.directory);
  lchownSync(t.directory, 0, 0);
  chmodSync(t.directory, 0o700);
  try {
    refuseRunning(t, marker.uid);
  } catch (e) {
    lchownSync(t.directory, before.uid, before.gid);
    chmodSync(t.directory, before.mode & 0o7777);
    throw e;
  }
  rmSync(t.directory, { recursive: true, force: true });
  removeMarker(config, t.lane);
  return { changed: true };
}

function refuseRunning(t: LaneTarget, uid: number): void {
  const running = scanProcesses().filter((p) => p.uids.includes(uid));
  if (running.length > 0) {
    throw new HelperFailure('UNIT_ACTIVE', `${running.length} process(es) of ${t.user} still run (pid ${running.slice(0, 5).map((p) => p.pid).join(', ')})`, `Stop them first: systemctl stop ${t.unit}; pkill -u ${t.user} when nothing else should run as ${t.user}.`);
  }
}

/** An existing lane directory: a plain directory of the lane's user, closed to everyone else. */
export function requireOwnedDirectory(t: LaneTarget, user: PasswdEntry): void {
  const st = lstatOrNull(t.directory);
  if (!st || !st.isDirectory() || st.uid !== user.uid || (st.mode & 0o077) !== 0) {
    throw new HelperFailure(
      'UNSAFE_OWNERSHIP',
      `${t.directory} must be a directory owned by ${t.user} (uid ${user.uid}) with mode 0700; it is ${st ? `uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)}` : 'missing'}`,
      `Run: chown ${t.user}: ${t.directory} && chmod 0700 ${t.directory} (or remove it and let prepare-directory create it).`,
    );
  }
}

export function serviceUser(t: LaneTarget): PasswdEntry {
  const user = lookupUser(t.user);
  if (user === null) throw new HelperFailure('USER_MISSING', `service user ${t.user} does not exist on this host`, 'Run scripts/install-helper.sh, which creates every serviceUsers entry.');
  return user;
}

/** Every file of the distribution is root's and closed to writes; every link in it stays inside it. */
export function checkDistributionTree(dir: string, dist: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.uid !== 0 || (!st.isSymbolicLink() && (st.mode & 0o022) !== 0)) {
      throw new HelperFailure('UNSAFE_OWNERSHIP', `${path} in the runner distribution is not root's alone (uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)})`, `Run: chown -R root:root ${dist} && chmod -R go-w ${dist}`);
    }
    if (st.isSymbolicLink()) {
      let target: string | null = null;
      try {
        target = realpathSync(path);
      } catch {
        // dangling
      }
      if (target === null || !target.startsWith(`${dist}/`)) {
        throw new HelperFailure('PATH_ESCAPE', `${path} in the runner distribution links outside it`, `Unpack the runner tarball into ${dist} again.`);
      }
    } else if (st.isDirectory()) checkDistributionTree(path, dist);
  }
}

/** Post-order: a directory is handed to the user only after everything below it. */
function chownTree(path: string, user: PasswdEntry): void {
  if (lstatSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), user);
  lchownSync(path, user.uid, user.gid);
}

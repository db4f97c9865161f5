/**
 * The mutating verbs. Each runs after assertFencingToken (the caller's token is the lane's
 * current, unexpired lease) and touches only a unit file that carries Lanekeeper's marker for
 * this lane.
 */
import { dirname } from 'node:path';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { HostConfig } from '../host/host-config.js';
import type { MutatingVerb } from '../host/helper-protocol.js';
import { renderUnit, unitMarkerLane, UNIT_PROGRAM } from '../host/unit.js';
import { HelperFailure } from './failure.js';
import { checkInside, lstatOrNull, type LaneTarget } from './lane-target.js';
import { prepareDirectory, removeDirectory, requireOwnedDirectory, serviceUser } from './directory-verbs.js';
import { assertUserNotShared, readMarker, requireManagedLane, writeMarker } from './lane-markers.js';
import { showUnit, systemctl } from './systemd.js';

export interface UnitVerbResult {
  readonly changed: boolean;
}

export function runUnitVerb(verb: MutatingVerb, config: HostConfig, t: LaneTarget): UnitVerbResult {
  switch (verb) {
    case 'prepare-directory':
      return prepareDirectory(config, t);
    case 'remove-directory':
      return removeDirectory(config, t);
    case 'install-or-update-unit':
      return install(config, t);
    case 'daemon-reload':
      systemctl(['daemon-reload']);
      return { changed: true };
    case 'enable-now': {
      requireManagedUnit(t);
      const before = showUnit(t.unit);
      systemctl(['enable', '--now', t.unit], t.unit);
      return { changed: before.UnitFileState !== 'enabled' || before.ActiveState !== 'active' };
    }
    case 'restart':
      requireManagedUnit(t);
      systemctl(['restart', t.unit], t.unit);
      return { changed: true };
    case 'stop': {
      if (!unitFileExists(t)) return { changed: false };
      requireManagedUnit(t);
      const before = showUnit(t.unit);
      systemctl(['stop', t.unit], t.unit);
      return { changed: before.ActiveState !== 'inactive' && before.ActiveState !== 'failed' };
    }
    case 'disable': {
      if (!unitFileExists(t)) return { changed: false };
      requireManagedUnit(t);
      const before = showUnit(t.unit);
      systemctl(['disable', t.unit], t.unit);
      return { changed: before.UnitFileState === 'enabled' };
    }
    case 'remove-unit':
      return removeUnit(t);
  }
}

function install(config: HostConfig, t: LaneTarget): UnitVerbResult {
  // The unit runs the listener (UNIT_PROGRAM) as t.user: only that user (or root) may have
  // written it, its bin directory and the lane directory, or another user could plant code that
  // runs as this one.
  const program = `${t.directory}/${UNIT_PROGRAM}`;
  const binDir = dirname(program);
  checkInside(t.directory, t.root);
  checkInside(program, t.root);
  const programStat = lstatOrNull(program);
  if (!programStat?.isFile()) {
    throw new HelperFailure('NOT_FOUND', `${program} does not exist`, 'Prepare the lane directory and run config.sh before installing its unit.');
  }
  const current = readOrNull(t.unitPath);
  if (current !== null && unitMarkerLane(current) !== t.lane) throw notManaged(t);
  // The directory is the lane user's own (0700); the listener and its bin directory are its or
  // root's and nobody else can write them; no other managed lane runs as that user.
  const user = serviceUser(t);
  requireOwnedDirectory(t, user);
  for (const path of [binDir, program]) {
    const st = lstatOrNull(path);
    if (!st || st.isSymbolicLink() || (st.uid !== user.uid && st.uid !== 0) || (st.mode & 0o022) !== 0) {
      throw new HelperFailure(
        'UNSAFE_OWNERSHIP',
        `${path} must be owned by ${t.user} (or root) and not group- or world-writable`,
        `Prepare the lane directory with prepare-directory, then install the unit again.`,
      );
    }
  }
  assertUserNotShared(config, t);
  if (readMarker(config, t.lane) === null) writeMarker(config, { lane: t.lane, root: t.root, user: t.user, uid: user.uid });
  else requireManagedLane(config, t);
  const text = renderUnit({ lane: t.lane, root: t.root, user: t.user, stopTimeoutSeconds: config.stopTimeoutSeconds });
  if (current === text) return { changed: false };
  const temp = `${t.unitPath}.lanekeeper-tmp`;
  writeFileSync(temp, text, { mode: 0o644 });
  chmodSync(temp, 0o644);
  renameSync(temp, t.unitPath);
  return { changed: true };
}

function removeUnit(t: LaneTarget): UnitVerbResult {
  if (!unitFileExists(t)) return { changed: false };
  requireManagedUnit(t);
  const props = showUnit(t.unit);
  if (['active', 'activating', 'deactivating', 'reloading'].includes(props.ActiveState)) {
    throw new HelperFailure('UNIT_ACTIVE', `${t.unit} is ${props.ActiveState}`, `Drain the lane and stop the unit first (verb stop).`);
  }
  if (props.UnitFileState === 'enabled') systemctl(['disable', t.unit], t.unit);
  rmSync(t.unitPath, { force: true });
  systemctl(['daemon-reload']);
  try {
    systemctl(['reset-failed', t.unit], t.unit);
  } catch {
    // Nothing failed to forget.
  }
  return { changed: true };
}

function requireManagedUnit(t: LaneTarget): void {
  const text = readOrNull(t.unitPath);
  if (text === null) throw new HelperFailure('NOT_FOUND', `unit file ${t.unitPath} does not exist`, 'Install it first (verb install-or-update-unit, then daemon-reload).');
  if (unitMarkerLane(text) !== t.lane) throw notManaged(t);
}

function notManaged(t: LaneTarget): HelperFailure {
  return new HelperFailure('UNIT_NOT_MANAGED', `${t.unitPath} exists but was not rendered by Lanekeeper for lane ${t.lane}`, 'Lanekeeper leaves units it does not own alone: remove or rename that unit by hand, or choose another lane name.');
}

function unitFileExists(t: LaneTarget): boolean {
  return lstatOrNull(t.unitPath) !== null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

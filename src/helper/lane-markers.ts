/**
 * Which lanes Lanekeeper manages on this host, and as whom: one marker per lane,
 * `<stateDirectory>/lanes/<lane>.json` = { lane, root, user, uid }, written only by the helper
 * (root) when it creates or claims a lane directory, and removed when it removes it. The markers
 * live outside every lane directory, in root-owned directories, so no lane's user can forge or
 * move one. They are world-readable: lane-runner (run as the lane's user) checks them too.
 *
 * One identity per lane: a service user serves one managed lane only, unless the host config
 * lists it in sharedServiceUsers.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { HostConfig } from '../host/host-config.js';
import { unitMarkerLane } from '../host/unit.js';
import { HelperFailure } from './failure.js';
import { ensurePublicStateDirectory, writePublicJson } from './public-state.js';
import type { LaneTarget } from './lane-target.js';

export const LaneMarkerSchema = z.strictObject({
  lane: z.string(),
  root: z.string(),
  user: z.string(),
  uid: z.number().int().positive(),
});
export type LaneMarker = z.infer<typeof LaneMarkerSchema>;

export function markerDirectory(config: HostConfig): string {
  return join(config.stateDirectory, 'lanes');
}

export function markerPath(config: HostConfig, lane: string): string {
  return join(markerDirectory(config), `${lane}.json`);
}

/** The lane's marker, or null; a marker that is not a root-owned plain file counts as none. */
export function readMarker(config: HostConfig, lane: string): LaneMarker | null {
  let fd: number;
  try {
    fd = openSync(markerPath(config, lane), fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== 0 || (st.mode & 0o022) !== 0) return null;
    const parsed = LaneMarkerSchema.safeParse(JSON.parse(readFileSync(fd, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

export function writeMarker(config: HostConfig, marker: LaneMarker): void {
  ensurePublicStateDirectory(markerDirectory(config));
  writePublicJson(markerPath(config, marker.lane), marker);
}

export function removeMarker(config: HostConfig, lane: string): void {
  rmSync(markerPath(config, lane), { force: true });
}

/** Refuses when the lane's directory is not one Lanekeeper created or claimed for this root and user. */
export function requireManagedLane(config: HostConfig, t: LaneTarget): LaneMarker {
  const marker = readMarker(config, t.lane);
  if (marker === null) {
    throw new HelperFailure('LANE_NOT_MANAGED', `${t.directory} is not a lane Lanekeeper manages (no marker ${markerPath(config, t.lane)})`, 'Lanekeeper touches only directories it created (prepare-directory) or claimed with a unit; remove this one by hand if it is yours.');
  }
  if (marker.root !== t.root || marker.user !== t.user) {
    throw new HelperFailure('LANE_NOT_MANAGED', `lane ${t.lane} is managed under root ${marker.root} as ${marker.user}, not ${t.root} as ${t.user}`, 'Correct the lane in the policy, or remove the lane and create it again.');
  }
  return marker;
}

/**
 * One identity per lane: refuses when another managed lane (by marker, or by a unit file this
 * helper rendered) runs as `t.user`, unless the host config shares that user explicitly.
 */
export function assertUserNotShared(config: HostConfig, t: LaneTarget): void {
  if (config.sharedServiceUsers.includes(t.user)) return;
  const others: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(markerDirectory(config));
  } catch {
    // no marker yet
  }
  for (const name of entries) {
    if (!name.endsWith('.json')) continue;
    const lane = name.slice(0, -'.json'.length);
    if (lane === t.lane) continue;
    if (readMarker(config, lane)?.user === t.user) others.push(lane);
  }
  let units: string[] = [];
  try {
    units = readdirSync(config.unitDirectory);
  } catch {
    // no unit directory
  }
  for (const unit of units) {
    if (!unit.endsWith('.service')) continue;
    let text: string;
    try {
      text = readFileSync(join(config.unitDirectory, unit), 'utf8');
    } catch {
      continue;
    }
    const lane = unitMarkerLane(text);
    if (lane !== null && lane !== t.lane && !others.includes(lane) && text.split('\n').includes(`User=${t.user}`)) others.push(lane);
  }
  if (others.length > 0) {
    throw new HelperFailure(
      'USER_SHARED',
      `service user ${t.user} already serves lane ${others.sort().join(', ')}; a lane's jobs could read and rewrite every lane of its user`,
      `Give lane ${t.lane} its own service user (add it to serviceUsers and run scripts/install-helper.sh), or list ${t.user} in the host config's sharedServiceUsers to accept the risk.`,
    );
  }
}

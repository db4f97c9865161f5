/**
 * State the root helper publishes for lane-runner, which runs as a lane's user and must read it:
 * the lane markers (`<stateDirectory>/lanes/`) and the leases (`<stateDirectory>/leases/`).
 * Both directories, and the state directory above them, are root's and world-readable (0755);
 * their files are root's, world-readable (0644) and replaced by rename, so a reader sees a whole
 * old file or a whole new one.
 */
import { chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates `dir` (a direct child of the state directory) and opens both to readers. */
export function ensurePublicStateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  // A state directory left 0700 (by an older helper or by hand) would hide everything below it.
  chmodSync(dirname(dir), 0o755);
  chmodSync(dir, 0o755);
}

/** Writes `value` as one line of JSON to `path` through a temporary file, synced, then renamed. */
export function writePublicJson(path: string, value: unknown): void {
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    fchmodSync(fd, 0o644);
    writeSync(fd, `${JSON.stringify(value)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

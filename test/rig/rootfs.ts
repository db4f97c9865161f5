/**
 * Builds, once, a Debian bookworm root file system with systemd for the real-systemd rig, and
 * caches it under /var/cache/lanekeeper/rig/<hash of the debootstrap arguments>. The build runs
 * in a temporary directory next to the cache and is renamed into place, so an interrupted build
 * never leaves a half-made cache entry. Tests never boot the cache itself: see container.ts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const RIG_CACHE_DIR = process.env.LANEKEEPER_RIG_CACHE ?? '/var/cache/lanekeeper/rig';
export const DEBIAN_SUITE = 'bookworm';
export const DEBIAN_MIRROR = process.env.LANEKEEPER_RIG_MIRROR ?? 'http://deb.debian.org/debian';
/** systemd as PID 1, sudo for the helper, libstdc++6 for the host's node, procps/iproute2 for debugging. */
export const ROOTFS_PACKAGES = ['systemd', 'systemd-sysv', 'dbus', 'sudo', 'libstdc++6', 'procps', 'iproute2', 'ca-certificates'];

export function debootstrapArgs(target: string): string[] {
  return ['--variant=minbase', `--include=${ROOTFS_PACKAGES.join(',')}`, DEBIAN_SUITE, target, DEBIAN_MIRROR];
}

/** Cache key: the debootstrap arguments without the target directory. */
export function rootfsKey(): string {
  return createHash('sha256').update(JSON.stringify(debootstrapArgs('TARGET'))).digest('hex').slice(0, 16);
}

export interface RootfsResult {
  readonly path: string;
  readonly cached: boolean;
  readonly seconds: number;
}

/** Returns the cached root file system, building it first when missing. */
export function ensureRootfs(log: (line: string) => void = () => {}): RootfsResult {
  const started = Date.now();
  const path = join(RIG_CACHE_DIR, `bookworm-${rootfsKey()}`);
  if (existsSync(join(path, 'usr/lib/systemd/systemd'))) return { path, cached: true, seconds: 0 };
  mkdirSync(RIG_CACHE_DIR, { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  log(`rig: building ${DEBIAN_SUITE} root file system with debootstrap (about a minute)`);
  const r = spawnSync('debootstrap', debootstrapArgs(temp), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(temp, { recursive: true, force: true });
    throw new Error(
      `debootstrap failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout).slice(-2000)}\n` +
        'Fix: run scripts/rig-deps.sh as root and check that the Debian mirror is reachable.',
    );
  }
  // The container's machine id is made at first boot of each copy.
  rmSync(join(temp, 'etc/machine-id'), { force: true });
  try {
    renameSync(temp, path);
  } catch (e) {
    // Another run finished the same build first: keep theirs.
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(path)) throw e;
  }
  return { path, cached: false, seconds: (Date.now() - started) / 1000 };
}

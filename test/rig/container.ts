/**
 * A real-systemd host for end-to-end tests: a copy of the cached bookworm root file system,
 * booted with `systemd-nspawn --boot` in the background, entered with `nsenter`. Each boot gets
 * its own copy under /var/tmp, so the cache is never written to; stop() powers the container
 * off, kills what is left and removes the copy.
 *
 * The container shares the host's network (loopback included), so a GitHub simulator on
 * 127.0.0.1 is reachable from inside, and it gets the host's node bind-mounted read-only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnCommand, type CommandRequest, type CommandRunner } from '../../src/host/command-runner.js';
import { ensureRootfs } from './rootfs.js';

export interface RigContainer {
  readonly name: string;
  /** The container's root file system as seen from the host. */
  readonly root: string;
  /** Host PID of the container's PID 1 (systemd). */
  readonly pid: number;
  /** Seconds the boot took, and whether the root file system came from the cache. */
  readonly timings: { readonly rootfsSeconds: number; readonly rootfsCached: boolean; readonly bootSeconds: number };
  /** Runs an argv inside the container as root (clean environment plus `env`). */
  run: CommandRunner;
  /** Like run, but throws with the output when the command fails. */
  sh(script: string, options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<string>;
  /** Runs commands as `user` inside the container (for SudoHostAgent: the ops runner's user). */
  runAs(user: string): CommandRunner;
  /** The host path of a path inside the container. */
  hostPath(path: string): string;
  stop(): Promise<void>;
}

const CLEAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface BootOptions {
  readonly log?: (line: string) => void;
  readonly bootTimeoutMs?: number;
}

export async function bootContainer(options: BootOptions = {}): Promise<RigContainer> {
  const log = options.log ?? (() => {});
  assertRigPrerequisites();
  sweepAbandonedRigs();
  const started = Date.now();
  const rootfs = ensureRootfs(log);
  const name = `${RIG_PREFIX}${randomBytes(4).toString('hex')}`;
  const base = join('/var/tmp', name);
  const root = join(base, 'root');
  mkdirSync(base, { recursive: true, mode: 0o700 });
  await runLocal(['cp', '-a', '--reflink=auto', rootfs.path, root], 120_000);
  writeFileSync(join(root, 'etc/machine-id'), `${randomBytes(16).toString('hex')}\n`);
  writeFileSync(join(root, 'etc/hostname'), `${name}\n`);
  writeFileSync(join(root, 'etc/hosts'), `127.0.0.1 localhost\n127.0.1.1 ${name}\n::1 localhost ip6-localhost ip6-loopback\n`);

  const logFd = openSync(join(base, 'console.log'), 'w');
  const nspawn = spawn(
    'systemd-nspawn',
    ['--quiet', '--register=no', '--keep-unit', '--boot', '--console=pipe', `--machine=${name}`, '-D', root, '--bind-ro=/usr/bin/node'],
    { stdio: ['ignore', logFd, logFd], env: { PATH: CLEAN_PATH, SYSTEMD_NSPAWN_TMPFS_TMP: '1' } },
  );
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => nspawn.once('exit', () => resolve()));

  let pid: number;
  try {
    pid = await findContainerInit(nspawn, options.bootTimeoutMs ?? 60_000);
  } catch (e) {
    await stopNspawn(nspawn, exited);
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
  const run = containerRunner(pid);
  const sh = async (script: string, o: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<string> => {
    const r = await run({ argv: ['/bin/bash', '-euo', 'pipefail', '-c', script], ...(o.env ? { env: o.env } : {}), timeoutMs: o.timeoutMs ?? 60_000 });
    if (r.exitCode !== 0) throw new Error(`in container: ${script}\nexit ${r.exitCode ?? r.signal}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  await waitUntilRunning(sh, options.bootTimeoutMs ?? 60_000, base);
  const bootSeconds = (Date.now() - started) / 1000;
  log(`rig: ${name} booted in ${bootSeconds.toFixed(1)} s (root file system ${rootfs.cached ? 'cached' : `built in ${rootfs.seconds.toFixed(0)} s`})`);

  return {
    name,
    root,
    pid,
    timings: { rootfsSeconds: rootfs.seconds, rootfsCached: rootfs.cached, bootSeconds },
    run,
    sh,
    runAs: (user) => (req) => run({ ...req, argv: ['/usr/sbin/runuser', '-u', user, '--', ...req.argv] }),
    hostPath: (path) => join(root, path),
    async stop() {
      await stopNspawn(nspawn, exited);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

function assertRigPrerequisites(): void {
  if (process.getuid?.() !== 0) throw new Error('the real-systemd rig needs root (systemd-nspawn, nsenter). Fix: run the e2e tests as root, as CI does.');
  const missing = ['systemd-nspawn', 'debootstrap', 'nsenter'].filter((tool) => !CLEAN_PATH.split(':').some((dir) => existsSync(join(dir, tool))));
  if (missing.length > 0) throw new Error(`the rig needs ${missing.join(', ')}. Fix: run scripts/rig-deps.sh as root.`);
}

const RIG_PREFIX = 'lanekeeper-rig-';
const ABANDONED_AFTER_MS = 15 * 60 * 1000;

/**
 * Removes copies left by a test process that was killed before stop(): old enough, and no
 * systemd-nspawn runs on them. Rigs of other test runs that are alive are left alone.
 */
function sweepAbandonedRigs(): void {
  const live = new Set<string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const m = new RegExp(`/var/tmp/(${RIG_PREFIX}[0-9a-f]+)/root`).exec(argv);
      if (m?.[1]) live.add(m[1]);
    } catch {
      // gone
    }
  }
  for (const name of readdirSync('/var/tmp')) {
    if (!name.startsWith(RIG_PREFIX) || live.has(name)) continue;
    try {
      if (Date.now() - statSync(join('/var/tmp', name)).mtimeMs > ABANDONED_AFTER_MS) rmSync(join('/var/tmp', name), { recursive: true, force: true });
    } catch {
      // another run swept it
    }
  }
}

/** nsenter into every namespace of the container's init; the environment is rebuilt, never inherited. */
function containerRunner(pid: number): CommandRunner {
  return (req: CommandRequest) =>
    spawnCommand({ argv: ['nsenter', '-t', String(pid), '-a', ...req.argv], timeoutMs: req.timeoutMs, env: { PATH: CLEAN_PATH, HOME: '/root', ...req.env }, ...(req.stdin !== undefined ? { stdin: req.stdin } : {}) });
}

/** The container's PID 1: the process named systemd below the nspawn process. */
async function findContainerInit(nspawn: ChildProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (nspawn.exitCode !== null || nspawn.signalCode !== null) throw new Error(`systemd-nspawn exited early (${nspawn.exitCode ?? nspawn.signalCode}); see its console.log`);
    const found = descendants(nspawn.pid!).find((p) => comm(p) === 'systemd');
    if (found !== undefined) return found;
    await sleep(100);
  }
  throw new Error('the container did not start systemd in time');
}

async function waitUntilRunning(sh: RigContainer['sh'], timeoutMs: number, base: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state = '';
  while (Date.now() < deadline) {
    state = (await sh('systemctl is-system-running || true').catch(() => '')).trim();
    if (state === 'running') return;
    if (state === 'degraded') {
      const failed = await sh('systemctl --failed --no-legend --plain || true');
      throw new Error(`the container booted degraded; failed units:\n${failed}`);
    }
    await sleep(200);
  }
  throw new Error(`the container did not reach "running" (last: ${state || 'no answer'}); console: ${readTail(join(base, 'console.log'))}`);
}

async function stopNspawn(nspawn: ChildProcess, exited: Promise<void>): Promise<void> {
  if (nspawn.exitCode !== null || nspawn.signalCode !== null) return;
  // SIGTERM asks nspawn to power the container off cleanly.
  nspawn.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!done) {
    for (const p of descendants(nspawn.pid!)) tryKill(p);
    nspawn.kill('SIGKILL');
    await exited;
  }
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = children.get(queue.shift()!) ?? [];
    out.push(...next);
    queue.push(...next);
  }
  return out;
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

async function runLocal(argv: readonly string[], timeoutMs: number): Promise<void> {
  const r = await spawnCommand({ argv, timeoutMs, env: { PATH: CLEAN_PATH } });
  if (r.exitCode !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
}


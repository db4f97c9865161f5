/**
 * The baseline's `runner-dependencies` check: the checks actions/runner's config.sh makes before
 * it configures anything, run against the host's runner distribution, so a plan is blocked before
 * `config.sh` would fail in the middle of an apply:
 * - `ldd` exists;
 * - `ldd` finds every library of `bin/libcoreclr.so`,
 *   `bin/libSystem.Security.Cryptography.Native.OpenSsl.so` and
 *   `bin/libSystem.IO.Compression.Native.so` ("not found" fails);
 * - `ldconfig` exists (in PATH or /sbin/ldconfig), and `ldconfig -NXv` lists libicu.
 * A distribution without the .NET natives (the test rig's stand-in) only needs config.sh and run.sh.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { lstatOrNull } from './lane-target.js';

export const LDD = '/usr/bin/ldd';
export const LDCONFIG_CANDIDATES = ['/usr/sbin/ldconfig', '/sbin/ldconfig'] as const;
/** The natives config.sh runs ldd on, relative to the distribution. */
export const NATIVE_LIBRARIES = ['bin/libcoreclr.so', 'bin/libSystem.Security.Cryptography.Native.OpenSsl.so', 'bin/libSystem.IO.Compression.Native.so'] as const;

/** What the check needs from the machine; the helper's probe runs the real programs. */
export interface DependencyProbe {
  /** A regular file, owned by root and writable by no one else (the helper runs ldd as root on it). */
  isTrustedFile(path: string): boolean;
  isFile(path: string): boolean;
  isExecutable(path: string): boolean;
  /** `ldd file` output, or null when it could not run. */
  ldd(file: string): string | null;
  /** `ldconfig -NXv` output, or null when it could not run. */
  ldconfigCache(ldconfig: string): string | null;
}

export interface DependencyResult {
  readonly ok: boolean;
  readonly evidence: string;
}

export function checkRunnerDependencies(dist: string, version: string | null, probe: DependencyProbe): DependencyResult {
  const missing = ['config.sh', 'run.sh'].filter((f) => !probe.isFile(join(dist, f)));
  if (missing.length > 0) return { ok: false, evidence: `runner distribution ${dist} lacks ${missing.join(', ')}` };
  const fix = `run ${dist}/bin/installdependencies.sh as root`;
  const natives = NATIVE_LIBRARIES.map((f) => join(dist, f)).filter((f) => probe.isFile(f));
  if (natives.length === 0) return { ok: true, evidence: `runner ${version ?? 'of unknown version'} at ${dist} (no .NET natives to check)` };

  if (!probe.isExecutable(LDD)) return { ok: false, evidence: `Can not find 'ldd' (${LDD}), which config.sh needs; install libc-bin` };
  for (const file of natives) {
    if (!probe.isTrustedFile(file)) return { ok: false, evidence: `${file} is not a root-owned file only root can write; reinstall the runner distribution as root` };
    const out = probe.ldd(file);
    if (out === null) return { ok: false, evidence: `ldd ${file} could not run` };
    const notFound = out.split('\n').filter((l) => l.includes('not found')).map((l) => l.trim().split(/\s+/)[0]);
    if (notFound.length > 0) return { ok: false, evidence: `dependencies missing for ${file}: ${notFound.join(', ')}; ${fix}` };
  }
  const ldconfig = LDCONFIG_CANDIDATES.find((p) => probe.isExecutable(p));
  if (!ldconfig) return { ok: false, evidence: `Can not find 'ldconfig' (${LDCONFIG_CANDIDATES.join(' or ')}), which config.sh needs` };
  const cache = probe.ldconfigCache(ldconfig);
  if (cache === null || !/libicu/.test(cache)) return { ok: false, evidence: `libicu is missing (ldconfig -NXv lists no libicu); ${fix}` };
  return { ok: true, evidence: `runner ${version ?? 'of unknown version'} at ${dist}: ldd finds every library of ${natives.length} natives, libicu present` };
}

const TIMEOUT_MS = 30_000;

function run(file: string, args: readonly string[]): string | null {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } });
  } catch (e) {
    // ldd exits non-zero when a library is missing but still prints the list.
    const out = (e as { stdout?: string }).stdout;
    return typeof out === 'string' && out !== '' ? out : null;
  }
}

/** The probe over the real machine. */
export const systemDependencyProbe: DependencyProbe = {
  isTrustedFile(path) {
    const st = lstatOrNull(path);
    return st !== null && st.isFile() && st.uid === 0 && (st.mode & 0o022) === 0;
  },
  isFile(path) {
    return lstatOrNull(path)?.isFile() ?? false;
  },
  isExecutable(path) {
    const st = lstatOrNull(path);
    return st !== null && st.isFile() && (st.mode & 0o111) !== 0;
  },
  ldd: (file) => run(LDD, [file]),
  ldconfigCache: (ldconfig) => run(ldconfig, ['-NXv']),
};

// The baseline's runner-dependencies check makes config.sh's own checks (ldd of the three .NET
// natives, ldd and ldconfig present, libicu in `ldconfig -NXv`) against the runner distribution.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { checkRunnerDependencies, LDD, NATIVE_LIBRARIES, systemDependencyProbe, type DependencyProbe } from '../../src/helper/runner-dependencies.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function distribution(natives: readonly string[]): string {
  const dist = mkdtempSync(join(tmpdir(), 'lanekeeper-dist-'));
  dirs.push(dist);
  mkdirSync(join(dist, 'bin'));
  for (const f of ['config.sh', 'run.sh']) writeFileSync(join(dist, f), '#!/bin/bash\n', { mode: 0o755 });
  for (const f of natives) writeFileSync(join(dist, f), 'ELF', { mode: 0o755 });
  return dist;
}

const fine = 'libicuuc.so.72 -> libicuuc.so.72.1\n';
function probe(o: Partial<DependencyProbe> = {}): DependencyProbe {
  return {
    isTrustedFile: () => true,
    isFile: systemDependencyProbe.isFile,
    isExecutable: () => true,
    ldd: () => '\tlinux-vdso.so.1 (0x0)\n\tlibstdc++.so.6 => /usr/lib/x86_64-linux-gnu/libstdc++.so.6 (0x0)\n',
    ldconfigCache: () => fine,
    ...o,
  };
}

test('a distribution without .NET natives (the stand-in) needs only config.sh and run.sh', () => {
  expect(checkRunnerDependencies(distribution([]), '2.330.0', probe()).ok).toBe(true);
  const empty = mkdtempSync(join(tmpdir(), 'lanekeeper-dist-'));
  dirs.push(empty);
  expect(checkRunnerDependencies(empty, null, probe())).toMatchObject({ ok: false, evidence: expect.stringContaining('lacks config.sh, run.sh') });
});

test('every config.sh check fails the baseline with its evidence', () => {
  const dist = distribution(NATIVE_LIBRARIES);
  expect(checkRunnerDependencies(dist, '2.336.0', probe()).ok).toBe(true);
  expect(checkRunnerDependencies(dist, '2.336.0', probe({ isExecutable: (p) => p !== LDD })).evidence).toContain("Can not find 'ldd'");
  const missing = checkRunnerDependencies(dist, '2.336.0', probe({ ldd: (f) => (f.endsWith('OpenSsl.so') ? '\tlibssl.so.3 => not found\n' : '') }));
  expect(missing).toMatchObject({ ok: false, evidence: expect.stringContaining('libSystem.Security.Cryptography.Native.OpenSsl.so: libssl.so.3') });
  expect(missing.evidence).toContain('installdependencies.sh');
  expect(checkRunnerDependencies(dist, '2.336.0', probe({ isExecutable: (p) => p === LDD })).evidence).toContain("Can not find 'ldconfig'");
  expect(checkRunnerDependencies(dist, '2.336.0', probe({ ldconfigCache: () => 'libz.so.1 -> libz.so.1.2.13\n' })).evidence).toContain('libicu is missing');
  expect(checkRunnerDependencies(dist, '2.336.0', probe({ isTrustedFile: () => false })).evidence).toContain('root-owned');
});

test('the system probe runs the real ldd on a native and reads its libraries', () => {
  const dist = distribution([]);
  copyFileSync('/lib/x86_64-linux-gnu/libz.so.1', join(dist, 'bin', 'libcoreclr.so'));
  chmodSync(join(dist, 'bin', 'libcoreclr.so'), 0o755);
  const out = systemDependencyProbe.ldd(join(dist, 'bin', 'libcoreclr.so'));
  expect(out).toContain('libc.so.6');
  const result = checkRunnerDependencies(dist, '2.336.0', { ...systemDependencyProbe, ldconfigCache: () => fine });
  expect(result).toMatchObject({ ok: process.getuid?.() === 0, evidence: expect.any(String) });
});

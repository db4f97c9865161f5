/**
 * The helper as users install it: src/helper/main.ts bundled by ncc, exactly as `npm run bundle`
 * makes dist/helper/index.js. Built once per source state (keyed by a hash of the sources) under
 * /var/tmp, so test files and the rig share one build. Type errors are `tsc --noEmit`'s job, so
 * the build only transpiles.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['src/helper', 'src/host', 'src/policy/schema.ts', 'src/constants.ts', 'src/plan/observed.ts', 'package-lock.json', 'test/rig/helper-bundle.ts'];

function sourceHash(): string {
  const hash = createHash('sha256');
  const add = (rel: string): void => {
    const abs = join(REPO, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const e of readdirSync(abs).sort()) add(join(rel, e));
    else hash.update(rel).update(readFileSync(abs));
  };
  SOURCES.forEach(add);
  return hash.digest('hex').slice(0, 16);
}

/** Path of the bundled helper (an ES module with a node shebang), building it when needed. */
export function helperBundle(): string {
  const dir = `/var/tmp/lanekeeper-helper-bundle-${sourceHash()}`;
  const file = join(dir, 'index.js');
  if (existsSync(file)) return file;
  sweepOldBundles();
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  execFileSync('npx', ['ncc', 'build', 'src/helper/main.ts', '-o', temp, '--quiet', '--transpile-only'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  // As scripts/bundle.mjs does for dist/helper/index.js: an executable with a node shebang.
  const built = join(temp, 'index.js');
  writeFileSync(built, `#!/usr/bin/env node\n${readFileSync(built, 'utf8')}`);
  chmodSync(built, 0o755);
  try {
    renameSync(temp, dir);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // built concurrently by another test file
  }
  return file;
}

/** Bundles of earlier source states, a day old or more. */
function sweepOldBundles(): void {
  for (const name of readdirSync('/var/tmp')) {
    if (!name.startsWith('lanekeeper-helper-bundle-')) continue;
    try {
      if (Date.now() - statSync(join('/var/tmp', name)).mtimeMs > 24 * 60 * 60 * 1000) rmSync(join('/var/tmp', name), { recursive: true, force: true });
    } catch {
      // swept by another run
    }
  }
}

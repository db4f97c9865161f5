// Builds the three committed bundles with ncc: the action, the CLI and the privileged helper.
// `node scripts/bundle.mjs [--out DIR]` (default dist); the check-dist test builds into a
// temporary directory and compares it with the committed dist/ byte for byte.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outIndex = process.argv.indexOf('--out');
const root = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';

const entries = [
  { src: 'src/main.ts', out: '.' },
  { src: 'src/cli.ts', out: 'cli', executable: true },
  { src: 'src/helper/main.ts', out: 'helper', executable: true },
];

rmSync(root, { recursive: true, force: true });
for (const { src, out, executable } of entries) {
  if (!existsSync(src)) {
    console.error(`bundle: ${src} is missing`);
    process.exit(1);
  }
  const dir = join(root, out);
  execFileSync('npx', ['ncc', 'build', src, '-o', dir, '--license', 'licenses.txt', '--transpile-only', '--quiet'], { stdio: 'inherit' });
  if (executable) {
    const file = join(dir, 'index.js');
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${text}`);
    chmodSync(file, 0o755);
  }
}

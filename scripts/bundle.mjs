// Builds the three committed bundles with ncc: the action, the CLI and the privileged helper.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync, readFileSync } from 'node:fs';

const entries = [
  { src: 'src/main.ts', out: 'dist' },
  { src: 'src/cli.ts', out: 'dist/cli', executable: true },
  { src: 'src/helper/main.ts', out: 'dist/helper', executable: true },
];

rmSync('dist', { recursive: true, force: true });
for (const { src, out, executable } of entries) {
  if (!existsSync(src)) {
    console.error(`bundle: ${src} is missing`);
    process.exit(1);
  }
  execFileSync('npx', ['ncc', 'build', src, '-o', out, '--license', 'licenses.txt', '--quiet'], { stdio: 'inherit' });
  if (executable) {
    const file = `${out}/index.js`;
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${text}`);
    chmodSync(file, 0o755);
  }
}

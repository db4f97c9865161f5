// `npm run bench`: runs the TypeScript benchmark (bench/main.ts) under tsx. Environment:
// BENCH_REPEAT (repetitions per figure, default 5), BENCH_SKIP_RIG=1 (skip the real-systemd
// apply figure). Writes bench/results.json and prints a table.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// The one test command (README, .ci/run): type check, unit and integration tests, then the
// end-to-end tests against real systemd in a systemd-nspawn container.
import { spawnSync } from 'node:child_process';

const steps = [
  ['type check', 'npx', ['tsc', '--noEmit']],
  ['unit and integration tests', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['end-to-end tests (real systemd)', 'npx', ['vitest', 'run', '--project', 'e2e', '--passWithNoTests']],
];

for (const [title, cmd, args] of steps) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

// The one test command (README, .ci/run): type check, unit and integration tests, then the
// end-to-end tests against real systemd in a systemd-nspawn container. The system packages
// the end-to-end tests need are installed first (scripts/rig-deps.sh; a no-op when present).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['system packages for the real-systemd rig', 'bash', ['scripts/rig-deps.sh']],
  ['type check', 'npx', ['tsc', '--noEmit']],
  ['unit and integration tests', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['end-to-end tests (real systemd in systemd-nspawn)', 'npx', ['vitest', 'run', '--project', 'e2e']],
];

const started = Date.now();
for (const [title, cmd, args] of steps) {
  if (cmd === 'bash' && !existsSync(args[0])) continue;
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);

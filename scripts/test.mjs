// The one test command (README, .ci/run): type check, unit and integration tests, then the
// end-to-end tests against real systemd in a systemd-nspawn container. The system packages
// the end-to-end tests need are installed first (scripts/rig-deps.sh; a no-op when present).
// It ends with one line counting every test: "Tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'lanekeeper-test-'));
const vitest = (project) => ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, `${project}.json`)}`];

const steps = [
  ['system packages for the real-systemd rig', 'bash', ['scripts/rig-deps.sh']],
  ['type check', 'npx', ['tsc', '--noEmit']],
  ['unit and integration tests', 'npx', vitest('unit')],
  ['end-to-end tests (real systemd in systemd-nspawn)', 'npx', vitest('e2e')],
];

function counts() {
  let passed = 0;
  let failed = 0;
  for (const project of ['unit', 'e2e']) {
    const file = join(reports, `${project}.json`);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
  }
  return { passed, failed };
}

const started = Date.now();
let exitCode = 0;
for (const [title, cmd, args] of steps) {
  if (cmd === 'bash' && !existsSync(args[0])) continue;
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    exitCode = r.status ?? 1;
    break;
  }
}
const { passed, failed } = counts();
rmSync(reports, { recursive: true, force: true });
if (exitCode === 0) console.log(`\nAll stages passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(exitCode);

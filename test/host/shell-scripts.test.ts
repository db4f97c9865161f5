// The host-side shell scripts stay shellcheck clean (CI installs shellcheck via scripts/rig-deps.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPTS = ['scripts/install-helper.sh', 'scripts/lane-runner.sh', 'scripts/rig-deps.sh', 'test/rig/stand-in-runner/config.sh', 'test/rig/stand-in-runner/run.sh', 'test/rig/stand-in-runner/run-helper.sh.template', 'test/rig/stand-in-runner/env.sh', 'test/rig/stand-in-runner/safe_sleep.sh', 'test/rig/stand-in-runner/bin/Runner.Listener', 'test/rig/stand-in-runner/bin/Runner.Worker'];
const available = spawnSync('shellcheck', ['--version']).status === 0;

test.skipIf(!available && !process.env.CI)('shellcheck finds nothing', () => {
  expect(available, 'shellcheck is missing: run scripts/rig-deps.sh').toBe(true);
  expect(() => execFileSync('shellcheck', SCRIPTS, { cwd: REPO, encoding: 'utf8' })).not.toThrow();
});

// What the ops runner's user may do through sudo on a host set up by scripts/install-helper.sh:
// the helper as root, lane-runner as a service user, and nothing else.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bootLanekeeperHost, RIG_OPS_USER, type LanekeeperHost } from '../rig/lanekeeper-host.js';

let host: LanekeeperHost;
beforeAll(async () => {
  host = await bootLanekeeperHost();
});
afterAll(async () => host?.stop());

const asOps = (argv: string[], env?: Record<string, string>) => host.container.runAs(RIG_OPS_USER)({ argv, timeoutMs: 30_000, ...(env ? { env } : {}) });

test('the ops user cannot run an arbitrary command as root or as a service user', async () => {
  expect((await asOps(['sudo', '-n', 'id'])).exitCode).not.toBe(0);
  expect((await asOps(['sudo', '-n', '-u', 'runner', 'id'])).exitCode).not.toBe(0);
  expect((await asOps(['sudo', '-n', '-u', 'runner', '/bin/sh', '-c', 'cat /srv/runners/*/.credentials'])).exitCode).not.toBe(0);
});

test('lane-runner checks its arguments against the host config before it runs anything', async () => {
  const outside = await asOps(['sudo', '-n', '-u', 'runner', '--', '/usr/local/libexec/lanekeeper/lane-runner', 'remove', '/home/runner', 'x']);
  expect(outside.exitCode).toBe(2);
  expect(outside.stderr).toContain("root '/home/runner' is not one of the host config's registrationRoots");
  const traversal = await asOps(['sudo', '-n', '-u', 'runner', '--', '/usr/local/libexec/lanekeeper/lane-runner', 'remove', '/srv/runners', '..']);
  expect(traversal.exitCode).toBe(2);
  expect(traversal.stderr).toContain('lane name');
  const flags = await asOps(['sudo', '-n', '-u', 'runner', '--', '/usr/local/libexec/lanekeeper/lane-runner', 'configure', '/srv/runners', 'a1', 'https://github.com/acme/api', 'x --evil'], {
    ACTIONS_RUNNER_INPUT_TOKEN: 't',
  });
  expect(flags.exitCode).toBe(2);
  expect(flags.stderr).toContain('labels');
  const scope = await asOps(['sudo', '-n', '-u', 'runner', '--', '/usr/local/libexec/lanekeeper/lane-runner', 'configure', '/srv/runners', 'a1', 'https://github.com/evil/repo', 'lanekeeper-managed'], {
    ACTIONS_RUNNER_INPUT_TOKEN: 't',
  });
  expect(scope.exitCode).toBe(2);
  expect(scope.stderr).toContain("scope 'evil/repo' is not in the host config's repositories or organizations");
});

test('sudo passes lane-runner the runner token and nothing else of the caller environment', async () => {
  await host.container.sh('install -d -o runner -g runner /srv/runners/envcheck');
  // A planted NODE_OPTIONS or PATH from the caller never reaches lane-runner (env_reset).
  const r = await asOps(['sudo', '-n', '-u', 'runner', '--', '/usr/local/libexec/lanekeeper/lane-runner', 'unconfigure', '/srv/runners', 'envcheck'], {
    ACTIONS_RUNNER_INPUT_TOKEN: 'kept',
    NODE_OPTIONS: '--require /tmp/evil.js',
    PATH: '/tmp/evil:/usr/bin:/bin',
  });
  // No config.sh in that directory: it fails after the checks, having read the host config
  // with node (which would have loaded /tmp/evil.js had NODE_OPTIONS passed).
  expect(r.stderr).not.toContain('evil');
  expect(r.stderr).toMatch(/config\.sh/);
});

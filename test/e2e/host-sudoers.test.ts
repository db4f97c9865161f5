// What the ops runner's user may do through sudo on a host set up by scripts/install-helper.sh:
// the helper as root, lane-runner as a service user, and nothing else.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bootLanekeeperHost, RIG_OPS_USER, type LanekeeperHost } from '../rig/lanekeeper-host.js';

let host: LanekeeperHost;
beforeAll(async () => {
  // An organisation listed: any of its repositories is an allowed scope, and nothing more.
  host = await bootLanekeeperHost({ hostConfig: { organizations: ['acme'] } });
});
afterAll(async () => host?.stop());

const LANE_RUNNER = '/usr/local/libexec/lanekeeper/lane-runner';
const asOps = (argv: string[], env?: Record<string, string>) => host.container.runAs(RIG_OPS_USER)({ argv, timeoutMs: 30_000, ...(env ? { env } : {}) });
const laneRunner = (user: string, args: string[], env: Record<string, string> = { ACTIONS_RUNNER_INPUT_TOKEN: 't' }) => asOps(['sudo', '-n', '-u', user, '--', LANE_RUNNER, ...args], env);

test('the ops user cannot run an arbitrary command as root or as a service user', async () => {
  expect((await asOps(['sudo', '-n', 'id'])).exitCode).not.toBe(0);
  expect((await asOps(['sudo', '-n', '-u', 'lk-iso-a', 'id'])).exitCode).not.toBe(0);
  expect((await asOps(['sudo', '-n', '-u', 'lk-iso-a', '/bin/sh', '-c', 'cat /srv/runners/*/.credentials'])).exitCode).not.toBe(0);
});

test('lane-runner checks its arguments against the host config before it runs anything', async () => {
  const outside = await laneRunner('lk-iso-a', ['configure', '/home/lk-iso-a', 'iso-a', '1', 'https://github.com/acme/api', 'lanekeeper-managed']);
  expect(outside.exitCode).toBe(2);
  expect(outside.stderr).toContain("root '/home/lk-iso-a' is not one of the host config's registrationRoots");
  const traversal = await laneRunner('lk-iso-a', ['unconfigure', '/srv/runners', '..', '1']);
  expect(traversal.exitCode).toBe(2);
  expect(traversal.stderr).toContain('lane name');
  const flags = await laneRunner('lk-iso-a', ['configure', '/srv/runners', 'iso-a', '1', 'https://github.com/acme/api', 'x --evil']);
  expect(flags.exitCode).toBe(2);
  expect(flags.stderr).toContain('labels');
  const scope = await laneRunner('lk-iso-a', ['configure', '/srv/runners', 'iso-a', '1', 'https://github.com/evil/repo', 'lanekeeper-managed']);
  expect(scope.exitCode).toBe(2);
  expect(scope.stderr).toContain("scope 'evil/repo' is not in the host config's repositories or organizations");
  // "." and ".." are no repository: the URL would resolve to the server's root, outside every scope.
  for (const url of ['https://github.com/acme/..', 'https://github.com/acme/.']) {
    const dots = await laneRunner('lk-iso-a', ['configure', '/srv/runners', 'iso-a', '1', url, 'lanekeeper-managed']);
    expect(dots.exitCode, url).toBe(2);
    expect(dots.stderr, url).toContain('is not a repository or organisation URL');
  }
});

test('labels and the runner group never reach config.sh as flags', async () => {
  for (const [labels, group] of [['--replace', ''], ['lanekeeper-managed,-x', ''], ['lanekeeper-managed', '--url'], ['lanekeeper-managed', '-x y']]) {
    const r = await laneRunner('lk-iso-a', ['configure', '/srv/runners', 'iso-a', '1', 'https://github.com/acme/api', labels!, ...(group ? [group] : [])]);
    expect(r.exitCode, `${labels} ${group}`).toBe(2);
    expect(r.stderr, `${labels} ${group}`).toMatch(/labels|runner group/);
  }
});

test('lane-runner only configures against the host config\'s server origin', async () => {
  for (const url of ['https://evil.example.net/acme/api', 'http://10.0.0.66:8080/acme/api', 'http://github.com/acme/api', 'https://github.com.evil.example/acme/api', 'https://github.com:444/acme/api']) {
    const r = await laneRunner('lk-iso-a', ['configure', '/srv/runners', 'iso-a', '1', url, 'lanekeeper-managed']);
    expect(r.exitCode, url).toBe(2);
    expect(r.stderr, url).toContain("is not on the host config's server https://github.com");
  }
});

test('lane-runner no longer creates or removes directories: that is the helper\'s, as root', async () => {
  for (const verb of ['prepare', 'remove']) {
    const r = await laneRunner('lk-iso-a', [verb, '/srv/runners', 'iso-a', '1']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('helper');
  }
});

test('sudo passes lane-runner the runner token and nothing else of the caller environment', async () => {
  // A planted NODE_OPTIONS or PATH from the caller never reaches lane-runner (env_reset).
  const r = await laneRunner('lk-iso-a', ['unconfigure', '/srv/runners', 'iso-a', '1'], {
    ACTIONS_RUNNER_INPUT_TOKEN: 'kept',
    NODE_OPTIONS: '--require /tmp/evil.js',
    PATH: '/tmp/evil:/usr/bin:/bin',
  });
  // It fails after reading the host config with node (which would have loaded /tmp/evil.js had
  // NODE_OPTIONS passed): the lane is not managed.
  expect(r.stderr).not.toContain('evil');
  expect(r.stderr).toContain('not managed');
});

// SudoHostAgent against a scripted command runner: argv shapes, reply validation, typed errors.
import { expect, test } from 'vitest';
import type { CommandRequest, CommandResult, CommandRunner } from '../../src/host/command-runner.js';
import type { HostAgent, LaneRef } from '../../src/host/port.js';
import { HelperError, RUNNER_TOKEN_ENV, SudoHostAgent, inventoryHost } from '../../src/host/sudo-host-agent.js';
import { Secret } from '../../src/util/secret.js';

const lane: LaneRef = { lane: 'api-1', root: '/srv/runners', user: 'runner', unit: 'lanekeeper-runner@api-1.service' };

function scripted(answer: (req: CommandRequest) => Partial<CommandResult>): { run: CommandRunner; calls: CommandRequest[] } {
  const calls: CommandRequest[] = [];
  const run: CommandRunner = async (req) => {
    calls.push(req);
    return { exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, ...answer(req) };
  };
  return { run, calls };
}

const agentWith = (run: CommandRunner): SudoHostAgent =>
  new SudoHostAgent({ host: 'build-01', helperPath: '/usr/local/libexec/lanekeeper/lanekeeper-helper.mjs', run });

test('implements the HostAgent port', () => {
  const agent: HostAgent = agentWith(scripted(() => ({})).run);
  expect(agent.host).toBe('build-01');
});

test('lease-acquire: argv through sudo -n, reply validated', async () => {
  const lease = { lane: 'api-1', holder: 'run-1', fencingToken: 7, expiresAt: '2026-01-01T00:05:00.000Z' };
  const { run, calls } = scripted(() => ({ stdout: `${JSON.stringify({ ok: true, verb: 'lease-acquire', lease, renewed: false })}\n` }));
  await expect(agentWith(run).leaseAcquire(lane, 'run-1', 300)).resolves.toEqual(lease);
  expect(calls[0]?.argv).toEqual([
    'sudo', '-n', '/usr/local/libexec/lanekeeper/lanekeeper-helper.mjs', 'lease-acquire', '--host', 'build-01',
    '--lane', 'api-1', '--root', '/srv/runners', '--user', 'runner', '--unit', 'lanekeeper-runner@api-1.service',
    '--holder', 'run-1', '--ttl-seconds', '300',
  ]);
});

test('an error reply becomes a HelperError with verb, exit code, code and fix', async () => {
  const { run } = scripted(() => ({
    exitCode: 4,
    stdout: JSON.stringify({ ok: false, verb: 'stop', error: { code: 'STALE_FENCING_TOKEN', message: 'token 3 is not 4', fix: 'Re-plan.' } }),
  }));
  const error = await agentWith(run).stop(lane, 3).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HelperError);
  expect(error).toMatchObject({ name: 'HelperError', verb: 'stop', exitCode: 4, code: 'STALE_FENCING_TOKEN', isLeaseConflict: true });
  expect((error as Error).message).toContain('Fix: Re-plan.');
});

test('a reply off the protocol, no JSON at all, or a timeout are typed errors too', async () => {
  const off = agentWith(scripted(() => ({ stdout: JSON.stringify({ ok: true, verb: 'stop', lane: 'api-1' }) })).run);
  await expect(off.stop(lane, 1)).rejects.toMatchObject({ code: 'BAD_REPLY' });
  const none = agentWith(scripted(() => ({ exitCode: 1, stdout: '', stderr: 'sudo: a password is required' })).run);
  await expect(none.stop(lane, 1)).rejects.toMatchObject({ code: 'BAD_REPLY', message: expect.stringContaining('password') });
  const slow = agentWith(scripted(() => ({ exitCode: null, signal: 'SIGKILL', timedOut: true })).run);
  await expect(slow.stop(lane, 1)).rejects.toMatchObject({ code: 'TIMEOUT', exitCode: null });
});

test('config.sh runs through lane-runner as the service user, the token in the environment, never in argv', async () => {
  const { run, calls } = scripted(() => ({}));
  await agentWith(run).configureRunner(lane, 7, {
    url: 'https://github.com/acme/api',
    token: new Secret('AABBCC-registration'),
    name: 'api-1',
    labels: ['lanekeeper-managed', 'api'],
  });
  const call = calls[0]!;
  expect(call.argv).toEqual([
    'sudo', '-n', '-u', 'runner', '--', '/usr/local/libexec/lanekeeper/lane-runner',
    'configure', '/srv/runners', 'api-1', '7', 'https://github.com/acme/api', 'lanekeeper-managed,api',
  ]);
  expect(call.argv.join(' ')).not.toContain('AABBCC');
  expect(call.env).toEqual({ [RUNNER_TOKEN_ENV]: 'AABBCC-registration' });
});

test('unconfigure runs lane-runner as the service user with no token at all', async () => {
  const { run, calls } = scripted(() => ({}));
  await agentWith(run).unconfigureRunner(lane, 7);
  expect(calls[0]!.argv).toEqual(['sudo', '-n', '-u', 'runner', '--', '/usr/local/libexec/lanekeeper/lane-runner', 'unconfigure', '/srv/runners', 'api-1', '7']);
  expect(calls[0]!.env).toBeUndefined();
});

test('inventoryHost turns an unreachable host into an observation with an error', async () => {
  const agent = agentWith(scripted(() => ({ exitCode: 1, stdout: 'not json' })).run);
  const obs = await inventoryHost(agent, [lane]);
  expect(obs).toMatchObject({ host: 'build-01', lanes: {}, error: expect.stringContaining('status') });
});

test('runner-side commands refuse an unsafe lane before running anything', async () => {
  const { run, calls } = scripted(() => ({}));
  const agent = agentWith(run);
  await expect(agent.removeDirectory({ ...lane, lane: '../..' }, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  await expect(agent.removeDirectory({ ...lane, root: '/' }, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  await expect(agent.prepareDirectory({ ...lane, user: 'root' }, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  await expect(agent.unconfigureRunner({ ...lane, root: '/srv/x y' }, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  expect(calls).toEqual([]);
});

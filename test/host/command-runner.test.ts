import { afterEach, describe, expect, it } from 'vitest';
import { prefixedRunner, spawnCommand } from '../../src/host/command-runner.js';

describe('spawnCommand', () => {
  afterEach(() => {
    delete process.env['INPUT_TOKEN'];
  });

  it("gives the child a minimal environment: the action's token never reaches the helper or config.sh", async () => {
    process.env['INPUT_TOKEN'] = 'ghs_shouldNeverReachAChild000000000000';
    const r = await spawnCommand({ argv: ['env'], env: { ACTIONS_RUNNER_INPUT_TOKEN: 'named-on-purpose' }, timeoutMs: 10_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain('ghs_shouldNeverReachAChild');
    expect(r.stdout).toContain('ACTIONS_RUNNER_INPUT_TOKEN=named-on-purpose');
    expect(r.stdout).toMatch(/^PATH=/m);
  });

  it('kills a command at its timeout and says so', async () => {
    const r = await spawnCommand({ argv: ['sleep', '5'], timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
  });

  it('a prefix runs before the argv (nsenter, runuser, ssh)', async () => {
    const r = await prefixedRunner(['env', 'LANEKEEPER_PREFIX=1'])({ argv: ['printenv', 'LANEKEEPER_PREFIX'], timeoutMs: 10_000 });
    expect(r.stdout.trim()).toBe('1');
  });
});

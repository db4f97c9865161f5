// Every verb refuses bad arguments with a JSON error, the matching exit code and no change on disk.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_FOR_ERROR, HelperVerbs, MutatingVerbs, type HelperErrorCode, type HelperVerb } from '../../src/host/helper-protocol.js';
import { makeHelperFixture, type HelperFixture } from './fixture.js';

let fx: HelperFixture;
let token = 0;

beforeAll(async () => {
  fx = makeHelperFixture();
  mkdirSync(join(fx.root, 'good', 'bin'), { recursive: true });
  writeFileSync(join(fx.root, 'good', 'bin', 'Runner.Listener'), '#!/bin/sh\n', { mode: 0o755 });
  symlinkSync(fx.outside, join(fx.root, 'sneaky'));
  // Token 1 is taken and released, so token 1 is stale and token 2 is current.
  const first = await fx.run(['lease-acquire', ...fx.laneArgs('good'), '--holder', 'h', '--ttl-seconds', '600']);
  await fx.run(['lease-release', ...fx.laneArgs('good'), '--holder', 'h', '--fencing-token', '1']);
  const second = await fx.run(['lease-acquire', ...fx.laneArgs('good'), '--holder', 'h', '--ttl-seconds', '600']);
  expect(first.reply.ok && second.reply.ok).toBe(true);
  token = (second.reply.lease as { fencingToken: number }).fencingToken;
  expect(token).toBe(2);
});
afterAll(() => fx.cleanup());

function verbArgs(verb: HelperVerb, fencingToken: number): string[] {
  if (verb === 'status') return [];
  if (verb === 'lease-acquire') return ['--holder', 'h', '--ttl-seconds', '600'];
  return [...(verb === 'lease-release' ? ['--holder', 'h'] : []), '--fencing-token', String(fencingToken)];
}

interface Case {
  readonly name: string;
  readonly lane?: Partial<Record<'lane' | 'root' | 'user' | 'unit', string>>;
  readonly laneName?: string;
  readonly staleToken?: boolean;
  readonly extra?: string[];
  readonly code: HelperErrorCode;
  readonly verbs?: readonly HelperVerb[];
}

const withToken: readonly HelperVerb[] = [...MutatingVerbs, 'lease-release'];

function cases(): Case[] {
  return [
    { name: 'unknown lane name', laneName: 'No_Such_Lane', code: 'LANE_NAME_INVALID' },
    { name: 'lane name with ../', laneName: '../etc', code: 'LANE_NAME_INVALID' },
    { name: 'over-long lane name', laneName: `a${'b'.repeat(63)}`, code: 'LANE_NAME_INVALID' },
    { name: 'root outside the allowlist', lane: { root: fx.outside }, code: 'ROOT_NOT_ALLOWED' },
    { name: 'root with ../', lane: { root: `${fx.root}/../../outside` }, code: 'PATH_ESCAPE' },
    { name: 'approved root that is a symlink', lane: { root: fx.linkedRoot }, code: 'PATH_ESCAPE' },
    { name: 'lane directory symlinked out of the root', laneName: 'sneaky', code: 'PATH_ESCAPE' },
    { name: 'user not allowed', lane: { user: 'root' }, code: 'USER_NOT_ALLOWED' },
    { name: 'allowed user that does not exist', lane: { user: 'ghost' }, code: 'USER_MISSING' },
    { name: 'unit name off the pattern', lane: { unit: 'sshd.service' }, code: 'UNIT_NAME_INVALID' },
    { name: 'unit of another lane', lane: { unit: 'lanekeeper-runner@other.service' }, code: 'UNIT_NAME_INVALID' },
    { name: 'host that is not this one', extra: ['--host', 'elsewhere'], code: 'HOST_MISMATCH' },
    { name: 'shell metacharacters in the lane', laneName: 'good;id', code: 'SHELL_METACHARACTER' },
    { name: 'shell metacharacters in the root', lane: { root: `${fx.root} $(id)` }, code: 'SHELL_METACHARACTER' },
    { name: 'shell metacharacters in the user', lane: { user: 'nobody`id`' }, code: 'SHELL_METACHARACTER' },
    { name: 'shell metacharacters in the unit', lane: { unit: 'lanekeeper-runner@good.service|sh' }, code: 'SHELL_METACHARACTER' },
    { name: 'stale fencing token', staleToken: true, code: 'STALE_FENCING_TOKEN', verbs: withToken },
    { name: 'a newer token than was issued', code: 'STALE_FENCING_TOKEN', verbs: MutatingVerbs, extra: [] },
    { name: 'no lease on the lane', laneName: 'unleased', code: 'LEASE_MISSING', verbs: MutatingVerbs },
  ];
}

describe.each(HelperVerbs.map((v) => [v]))('%s', (verb) => {
  test('rejects every bad argument with a JSON error and changes nothing on disk', async () => {
    const applicable = cases().filter((c) => !c.verbs || c.verbs.includes(verb));
    const before = fx.snapshot();
    const results = await Promise.all(
      applicable.map(async (c) => {
        const laneName = c.laneName ?? c.lane?.lane ?? 'good';
        const fencing = c.staleToken ? token - 1 : c.name.startsWith('a newer') ? token + 1 : token;
        const args = [verb, ...fx.laneArgs(laneName, c.lane), ...verbArgs(verb, fencing), ...(c.extra ?? [])];
        return { c, result: await fx.run(args) };
      }),
    );
    for (const { c, result } of results) {
      expect({ case: c.name, reply: result.reply }).toMatchObject({ case: c.name, reply: { ok: false, verb, error: { code: c.code } } });
      expect(result.reply.error?.fix.length, c.name).toBeGreaterThan(10);
      expect(result.exitCode, c.name).toBe(EXIT_FOR_ERROR[c.code]);
    }
    expect(fx.snapshot()).toBe(before);
  });
});

test('an unknown verb is refused', async () => {
  const r = await fx.run(['rm-rf', ...fx.laneArgs('good')]);
  expect(r.reply).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  expect(r.exitCode).toBe(2);
});

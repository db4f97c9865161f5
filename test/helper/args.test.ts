import { expect, test } from 'vitest';
import { parseArgs } from '../../src/helper/args.js';

const lane = (name: string) => ['--lane', name, '--root', '/srv/runners', '--user', 'runner', '--unit', `lanekeeper-runner@${name}.service`];

test('status takes any number of lane groups', () => {
  expect(parseArgs(['status', ...lane('a'), ...lane('b')]).lanes.map((l) => l.lane)).toEqual(['a', 'b']);
  expect(parseArgs(['status']).lanes).toEqual([]);
});

test('a mutating verb takes exactly one lane and a whole-number token', () => {
  expect(parseArgs(['stop', ...lane('a'), '--fencing-token', '12'])).toMatchObject({ verb: 'stop', fencingToken: 12 });
  expect(() => parseArgs(['stop', ...lane('a'), ...lane('b')])).toThrow(expect.objectContaining({ code: 'USAGE' }));
  expect(() => parseArgs(['stop', ...lane('a'), '--fencing-token', '1e3'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  expect(() => parseArgs(['stop', ...lane('a'), '--fencing-token', '-1'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
});

test.each([
  ['an unknown verb', ['reboot', ...lane('a')], 'USAGE'],
  ['an unknown flag', ['stop', ...lane('a'), '--config', '/tmp/x.json'], 'USAGE'],
  ['a flag without value', ['stop', ...lane('a'), '--fencing-token'], 'USAGE'],
  ['a lane group missing --unit', ['stop', '--lane', 'a', '--root', '/srv/runners', '--user', 'runner'], 'USAGE'],
  ['a repeated --root', ['stop', ...lane('a'), '--root', '/srv/other'], 'USAGE'],
  ['a newline in a value', ['stop', ...lane('a\nb')], 'SHELL_METACHARACTER'],
  ['a glob', ['stop', ...lane('a*')], 'SHELL_METACHARACTER'],
  ['an empty value', ['stop', '--lane', '', '--root', '/srv/runners', '--user', 'runner', '--unit', 'x'], 'INVALID_ARGUMENT'],
  ['a holder with a space', ['lease-acquire', ...lane('a'), '--holder', 'run 1', '--ttl-seconds', '5'], 'SHELL_METACHARACTER'],
  ['a TTL over an hour', ['lease-acquire', ...lane('a'), '--holder', 'h', '--ttl-seconds', '3601'], 'INVALID_ARGUMENT'],
])('refuses %s', (_name, argv, code) => {
  expect(() => parseArgs(argv)).toThrow(expect.objectContaining({ name: 'HelperFailure', code }));
});

test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses %s as a flag name (no inherited property passes as a flag)', (name) => {
  expect(() => parseArgs(['stop', ...lane('a'), name, 'x'])).toThrow(expect.objectContaining({ name: 'HelperFailure', code: 'USAGE' }));
  expect(() => parseArgs(['stop', ...lane('a'), `--${name}`, 'x'])).toThrow(expect.objectContaining({ name: 'HelperFailure', code: 'USAGE' }));
});

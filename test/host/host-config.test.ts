import { expect, test } from 'vitest';
import { DEFAULT_UNIT_NAME_PATTERN, HostConfigError, parseHostConfig } from '../../src/host/host-config.js';

const minimal = { version: 1, host: 'build-01', registrationRoots: ['/srv/runners'], serviceUsers: ['runner'] };

test('fills the defaults', () => {
  const c = parseHostConfig(JSON.stringify(minimal));
  expect(c.unitNamePattern).toBe(DEFAULT_UNIT_NAME_PATTERN);
  expect(c.stateDirectory).toBe('/var/lib/lanekeeper');
  expect(new RegExp(c.unitNamePattern).test('lanekeeper-runner@api-1.service')).toBe(true);
  expect(new RegExp(c.unitNamePattern).test('lanekeeper-runner@../x.service')).toBe(false);
});

test.each([
  ['a relative root', { registrationRoots: ['srv/runners'] }, 'registrationRoots.0'],
  ['a root with ..', { registrationRoots: ['/srv/../etc'] }, 'registrationRoots.0'],
  ['a root with a space', { registrationRoots: ['/srv/my runners'] }, 'registrationRoots.0'],
  ['root as a service user', { serviceUsers: ['root'] }, 'serviceUsers'],
  ['an unanchored unit pattern', { unitNamePattern: 'lanekeeper-.*' }, 'unitNamePattern'],
  ['an unknown field', { extra: true }, '(top level)'],
])('refuses %s, naming the path', (_name, patch, path) => {
  expect(() => parseHostConfig(JSON.stringify({ ...minimal, ...patch }), '/etc/lanekeeper/host.json')).toThrow(
    expect.objectContaining({ name: 'HostConfigError', message: expect.stringContaining(path) }),
  );
});

test('refuses text that is not JSON', () => {
  expect(() => parseHostConfig('{', 'x.json')).toThrow(HostConfigError);
});

test('the server origin defaults to github.com; a GHES origin is named explicitly', () => {
  expect(parseHostConfig(JSON.stringify(minimal)).serverUrl).toBe('https://github.com');
  expect(parseHostConfig(JSON.stringify({ ...minimal, serverUrl: 'https://ghes.example.com' })).serverUrl).toBe('https://ghes.example.com');
  expect(parseHostConfig(JSON.stringify({ ...minimal, serverUrl: 'http://127.0.0.1:8080' })).serverUrl).toBe('http://127.0.0.1:8080');
  expect(parseHostConfig(JSON.stringify(minimal)).sharedServiceUsers).toEqual([]);
});

test.each([
  ['plain http to a remote host', 'http://10.0.0.66:8080'],
  ['plain http to github.com', 'http://github.com'],
  ['a path after the origin', 'https://github.com/acme'],
  ['a trailing slash', 'https://github.com/'],
  ['a user name', 'https://me@github.com'],
  ['a query', 'https://github.com?x=1'],
  ['not a URL', 'github.com'],
])('refuses a serverUrl with %s', (_name, serverUrl) => {
  expect(() => parseHostConfig(JSON.stringify({ ...minimal, serverUrl }))).toThrow(expect.objectContaining({ name: 'HostConfigError', message: expect.stringContaining('serverUrl') }));
});

import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/policy/errors.js';
import { loadPolicyFile, parsePolicyText } from '../../src/policy/load.js';

const base = `version: 1
repositories: [acme/api]
hosts:
  box1:
    approved: true
    registrationRoots: [/srv/runners]
    serviceUsers: [runner, lk-api-1, lk-api-2, lk-api-3]
lanes:
`;

function problemsOf(yaml: string): PolicyError {
  try {
    parsePolicyText(yaml, 'lanes.yml');
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected a PolicyError');
}

describe('policy loading', () => {
  it('applies defaults and expands pools', () => {
    const { policy, problems } = parsePolicyText(
      base +
        `  - name: api
    count: 3
    repository: acme/api
    host: box1
    registrationRoot: /srv/runners
    serviceUser: lk-<name>
    labels: [lanekeeper-managed]
`,
    );
    expect(problems).toEqual([]);
    expect(policy.lanes.map((l) => l.serviceUser)).toEqual(['lk-api-1', 'lk-api-2', 'lk-api-3']);
    expect(policy.managedLabel).toBe('lanekeeper-managed');
    expect(policy.lanes.map((l) => [l.name, l.unit, l.directory])).toEqual([
      ['api-1', 'lanekeeper-runner@api-1.service', '/srv/runners/api-1'],
      ['api-2', 'lanekeeper-runner@api-2.service', '/srv/runners/api-2'],
      ['api-3', 'lanekeeper-runner@api-3.service', '/srv/runners/api-3'],
    ]);
    expect(policy.lanes[0]).toMatchObject({ ensure: 'present', drain: { timeoutSeconds: 900, onTimeout: 'fail' }, scopeKey: 'repo:acme/api' });
    expect(policy.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('blocks lanes of one host that share a service user, unless the host lists it in sharedServiceUsers', () => {
    const pool = `  - name: api
    count: 2
    repository: acme/api
    host: box1
    registrationRoot: /srv/runners
    serviceUser: runner
    labels: [lanekeeper-managed]
`;
    const { problems } = parsePolicyText(base + pool);
    expect(problems.map((p) => [p.lane, p.code, p.path])).toEqual([
      ['api-1', 'service_user_shared', 'lanes[0].serviceUser'],
      ['api-2', 'service_user_shared', 'lanes[0].serviceUser'],
    ]);
    expect(problems[0]?.fix).toContain('sharedServiceUsers');
    const accepted = parsePolicyText(base.replace('    serviceUsers: [runner,', '    sharedServiceUsers: [runner]\n    serviceUsers: [runner,') + pool);
    expect(accepted.problems).toEqual([]);
  });

  it('lists every schema problem with its YAML path, line and a fix', () => {
    const err = problemsOf(
      base +
        `  - name: api
    repository: acme/api
    host: box1
    registrationRoot: relative/path
    serviceUser: runner
    labels: [lanekeeper-managed]
    ensure: maybe
    colour: blue
`,
    );
    const byPath = Object.fromEntries(err.problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['lanes[0]', 'lanes[0].ensure', 'lanes[0].registrationRoot']);
    expect(byPath['lanes[0].registrationRoot']).toMatchObject({ line: 12 });
    expect(byPath['lanes[0].registrationRoot']!.message).toContain('absolute path');
    expect(byPath['lanes[0].ensure']!.fix).toContain('"present"');
    expect(byPath['lanes[0]']!.fix).toContain('"colour"');
    expect(err.message).toContain('lanes.yml: 3 problems');
  });

  it('rejects a lane with no scope or two scopes', () => {
    const err = problemsOf(
      base +
        `  - name: api
    host: box1
    registrationRoot: /srv/runners
    serviceUser: runner
    labels: [lanekeeper-managed]
`,
    );
    expect(err.problems[0]).toMatchObject({ path: 'lanes[0]', message: expect.stringContaining('no scope') });
  });

  it('reports YAML syntax errors with a line', () => {
    const err = problemsOf('version: 1\nhosts: [unclosed\n');
    expect(err.problems[0]!.path).toBe('(yaml)');
    expect(err.problems[0]!.line).toBeGreaterThan(0);
  });

  it('cross-field problems name the lane, the path and the fix, as in the brief', () => {
    const { problems } = parsePolicyText(
      base +
        `  - name: api
    repository: acme/api
    host: box1
    registrationRoot: /opt/x
    serviceUser: runner
    labels: [lanekeeper-managed]
`,
    );
    expect(problems).toHaveLength(1);
    expect(`${problems[0]!.path}: ${problems[0]!.message}`).toBe('lanes[0].registrationRoot: /opt/x is not in hosts.box1.registrationRoots [/srv/runners]');
    expect(problems[0]).toMatchObject({ lane: 'api', code: 'root_not_allowlisted', line: 12 });
  });

  it('a missing file is a PolicyError that says how to point at the policy', () => {
    expect(() => loadPolicyFile('/nonexistent/lanes.yml')).toThrow(/cannot read the policy.*--policy/s);
  });

  it('loads the example policy', () => {
    const { policy, problems } = loadPolicyFile('examples/lanes.yml');
    expect(policy.lanes.length).toBe(12);
    expect(problems.map((p) => p.code)).toEqual(['root_not_allowlisted']);
  });
});

// `lanekeeper hosts --json`, as the reusable workflow's hosts job runs it (bundled CLI): the
// matrix holds approved hosts only, a misspelt lane fails the run naming the lanes the policy has,
// and a host name that cannot be a runner label or part of an artifact name is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { stringify } from 'yaml';

const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-hosts-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function policy(hosts: Record<string, boolean>, lanes: { name: string; host: string; count?: number }[]): string {
  const file = join(dir, `policy-${Math.random().toString(16).slice(2)}.yml`);
  writeFileSync(
    file,
    stringify({
      version: 1,
      repositories: ['acme/api'],
      hosts: Object.fromEntries(Object.entries(hosts).map(([h, approved]) => [h, { approved, registrationRoots: ['/srv/runners'], serviceUsers: ['runner'] }])),
      lanes: lanes.map((l) => ({ repository: 'acme/api', registrationRoot: '/srv/runners', serviceUser: 'runner', labels: ['lanekeeper-managed'], ...l })),
    }),
  );
  return file;
}

function hosts(file: string, lane = 'all') {
  const r = spawnSync('node', ['dist/cli/index.js', 'hosts', '--policy', file, '--lane', lane, '--json'], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('leaves hosts the policy does not approve out of the matrix, and says so', () => {
  const r = hosts(policy({ 'box-1': true, 'box-2': false }, [{ name: 'a', host: 'box-1' }, { name: 'b', host: 'box-2' }]));
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual(['box-1']);
  expect(r.stderr).toContain('not approved in the policy, left out: box-2');
});

it('a misspelt lane exits non-zero and names the lanes the policy has', () => {
  const file = policy({ 'box-1': true }, [{ name: 'api', host: 'box-1' }, { name: 'ci', host: 'box-1', count: 2 }]);
  const r = hosts(file, 'apii');
  expect(r.code).not.toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('no lane of the policy is called "apii"');
  expect(r.stderr).toContain('api, ci, ci-1, ci-2');
  expect(JSON.parse(hosts(file, 'ci').stdout)).toEqual(['box-1']);
});

it('refuses a host name that cannot be a runner label or part of an artifact name', () => {
  for (const bad of ['box:1', 'box/1', 'box 1', '-box']) {
    const r = hosts(policy({ [bad]: true }, [{ name: 'a', host: bad }]));
    expect(r.code, bad).not.toBe(0);
    expect(r.stderr, bad).toContain(`host name ${JSON.stringify(bad)} is not a host name`);
  }
});

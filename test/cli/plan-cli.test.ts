import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The CLI as users run it: the bundled dist/cli/index.js. */
function cli(args: string[]) {
  const r = spawnSync('node', ['dist/cli/index.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lanekeeper plan (bundled CLI)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lanekeeper-cli-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('prints the table for the example, with the digest and the confirmation phrase', () => {
    const r = cli(['plan', '--policy', 'examples/lanes.yml', '--observed', 'examples/observed.json', '--output-dir', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync('test/plan/golden/example-plan.txt', 'utf8'));
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'));
    expect(r.stdout).toContain(`apply ${plan.digest.slice(0, 12)}`);
    expect(r.stderr).toContain('lanes[10].registrationRoot');
  });

  it('--json prints the plan and nothing else on stdout', () => {
    const r = cli(['plan', '--policy', 'examples/lanes.yml', '--observed', 'examples/observed.json', '--output-dir', out, '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.lanes).toHaveLength(12);
  });

  it('the same inputs give the same digest', () => {
    const a = JSON.parse(cli(['plan', '--policy', 'examples/lanes.yml', '--observed', 'examples/observed.json', '--output-dir', out, '--json']).stdout);
    const b = JSON.parse(cli(['plan', '--policy', 'examples/lanes.yml', '--observed', 'examples/observed.json', '--output-dir', out, '--json']).stdout);
    expect(a.digest).toBe(b.digest);
  });

  it('a missing observed file is a usage error that says what to do', () => {
    const r = cli(['plan', '--policy', 'examples/lanes.yml', '--observed', join(out, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('run `lanekeeper inventory` first');
  });

  it('a broken policy exits 3 and names the path, line and fix', () => {
    const r = cli(['validate', '--policy', 'examples/lanes.yml']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('line 109: lanes[10].registrationRoot');
  });

  it('unknown options and commands are refused with a hint', () => {
    expect(cli(['plan', '--polcy', 'x']).stderr).toContain('unknown option --polcy');
    expect(cli(['deploy']).code).toBe(2);
    expect(cli(['--help']).stdout).toContain('Usage: lanekeeper');
  });

  it('audit outside Actions writes the record to a file and prints the same summary', () => {
    const dir = join(out, 'audit-run');
    expect(cli(['plan', '--policy', 'examples/lanes.yml', '--observed', 'examples/observed.json', '--output-dir', dir]).code).toBe(0);
    const r = cli(['audit', '--output-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
    expect(record).toMatchObject({ kind: 'lanekeeper-audit', status: 'planned' });
    expect(r.stdout).toContain(record.planDigest.slice(0, 12));
    expect(r.stdout).toContain(`apply ${record.planDigest.slice(0, 12)}`);
    expect(r.stdout).toContain('api-new');
  });

  it('hosts --json gives the workflow matrix', () => {
    expect(JSON.parse(cli(['hosts', '--policy', 'examples/lanes.yml', '--json']).stdout)).toEqual(['build-01', 'build-02']);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';

it('serves a seeded simulator from the command line until stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-serve-'));
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify({ tokens: ['ghs_demo'], runners: { 'org:demo': { count: 3, status: 'online' }, 'repo:demo/app': [{ name: 'one' }] } }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/serve.ts', '--seed-file', seedFile, '--check-openapi'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
    const { url, token } = JSON.parse(line!) as { url: string; token: string };
    expect(token).toBe('ghs_demo');
    const listed = await fetch(`${url}/orgs/demo/actions/runners`, { headers: { authorization: `Bearer ${token}` } });
    expect(await listed.json()).toMatchObject({ total_count: 3, runners: [{ name: 'runner-1', status: 'online' }, {}, {}] });
    const control = await fetch(`${url}/_sim/control/runners?scope=repo:demo/app`);
    expect(await control.json()).toMatchObject({ runners: [{ name: 'one', status: 'offline' }] });
    const checked = await fetch(`${url}/_sim/control/violations`);
    expect(await checked.json()).toEqual({ checked: 1, violations: [] });
  } finally {
    child.kill('SIGTERM');
  }
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('dist/', () => {
  const fresh = mkdtempSync(join(tmpdir(), 'lanekeeper-dist-'));
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('matches a fresh npm run bundle byte for byte', () => {
    execFileSync('node', ['scripts/bundle.mjs', '--out', fresh], { stdio: 'pipe' });
    const committed = files('dist').map((f) => relative('dist', f)).sort();
    const built = files(fresh).map((f) => relative(fresh, f)).sort();
    expect(committed, 'the file lists differ: run npm run bundle and commit dist/').toEqual(built);
    for (const f of built) {
      const same = readFileSync(join('dist', f)).equals(readFileSync(join(fresh, f)));
      expect(same, `dist/${f} differs from a fresh build: run npm run bundle and commit dist/`).toBe(true);
    }
  }, 180_000);

  it('has no webpackMissingModule (an import the bundler could not resolve)', () => {
    for (const f of files('dist').filter((x) => x.endsWith('.js'))) {
      expect(readFileSync(f, 'utf8').includes('webpackMissingModule'), f).toBe(false);
    }
  });

  it('bundles the three entries the project ships', () => {
    for (const f of ['dist/index.js', 'dist/cli/index.js', 'dist/helper/index.js']) expect(statSync(f).size).toBeGreaterThan(1000);
  });
});

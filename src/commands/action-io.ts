import * as core from '@actions/core';
import type { CommandIO } from './io.js';

/** CommandIO on @actions/core: inputs from INPUT_*, outputs to GITHUB_OUTPUT, summary to GITHUB_STEP_SUMMARY. */
export function actionIO(): CommandIO {
  const annotation = (where?: { file?: string; line?: number }) =>
    where?.file ? { file: where.file, ...(where.line ? { startLine: where.line } : {}) } : {};
  return {
    input: (name) => core.getInput(name),
    output: (name, value) => core.setOutput(name, value),
    info: (m) => core.info(m),
    warning: (m, where) => core.warning(m, annotation(where)),
    error: (m, where) => core.error(m, annotation(where)),
    group: (title, body) => core.group(title, body),
    summary: async (markdown) => {
      if (!process.env['GITHUB_STEP_SUMMARY']) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setSecret: (v) => core.setSecret(v),
    env: (name) => process.env[name],
  };
}

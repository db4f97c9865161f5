import { appendSummary, getInput, issueCommand, setOutput } from './workflow-commands.js';
import type { CommandIO } from './io.js';

/** CommandIO for the action: inputs from INPUT_*, outputs to GITHUB_OUTPUT, summary to GITHUB_STEP_SUMMARY. */
export function actionIO(): CommandIO {
  const where = (w?: { file?: string; line?: number }) => (w?.file ? { file: w.file, line: w.line } : {});
  return {
    input: (name) => getInput(name),
    output: (name, value) => setOutput(name, value),
    info: (m) => process.stdout.write(`${m}\n`),
    warning: (m, w) => issueCommand('warning', where(w), m),
    error: (m, w) => issueCommand('error', where(w), m),
    group: async (title, body) => {
      issueCommand('group', {}, title);
      try {
        return await body();
      } finally {
        issueCommand('endgroup', {}, '');
      }
    },
    summary: async (markdown) => appendSummary(markdown),
    setSecret: (v) => issueCommand('add-mask', {}, v),
    env: (name) => process.env[name],
  };
}

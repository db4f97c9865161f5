import * as core from '@actions/core';
import { Inputs } from './constants.js';
import { actionIO } from './commands/action-io.js';
import { parseCommand, runCommand } from './commands/dispatch.js';
import { describeFailure } from './commands/failure.js';

/** Action entry: read `command`, dispatch, one catch → core.setFailed. */
export async function main(): Promise<void> {
  try {
    const io = actionIO();
    await runCommand(parseCommand(core.getInput(Inputs.Command, { required: true })), io);
  } catch (error) {
    const f = describeFailure(error);
    if (f.annotation) core.error(f.message, { file: f.annotation.file, ...(f.annotation.line ? { startLine: f.annotation.line } : {}) });
    core.setFailed(f.message);
  }
}

await main();

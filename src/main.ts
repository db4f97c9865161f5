import { Inputs } from './constants.js';
import { actionIO } from './commands/action-io.js';
import { InputError } from './commands/errors.js';
import { parseCommand, runCommand } from './commands/dispatch.js';
import { describeFailure } from './commands/failure.js';
import { getInput, issueCommand } from './commands/workflow-commands.js';

/** Action entry: read `command`, dispatch, one catch → the step fails with one error annotation. */
export async function main(): Promise<void> {
  try {
    const command = getInput(Inputs.Command);
    if (!command) throw new InputError(Inputs.Command, 'Input required and not supplied: command');
    await runCommand(parseCommand(command), actionIO());
  } catch (error) {
    const f = describeFailure(error);
    issueCommand('error', f.annotation ? { file: f.annotation.file, line: f.annotation.line } : {}, f.message);
    process.exitCode = 1;
  }
}

await main();

import { Commands, Inputs, type Command } from '../constants.js';
import { InputError } from './errors.js';
import type { CommandIO } from './io.js';

export function parseCommand(value: string): Command {
  if ((Commands as readonly string[]).includes(value)) return value as Command;
  throw new InputError(Inputs.Command, `input "command" is ${value ? `"${value}"` : 'empty'}; use one of ${Commands.join(', ')}`);
}

/**
 * The one place both entries (action and CLI) go through to run a command. Each command is
 * loaded when it runs, so `plan` does not pay for the GitHub and artifact clients at start-up.
 */
export async function runCommand(command: Command, io: CommandIO): Promise<void> {
  switch (command) {
    case 'inventory':
      await (await import('./inventory.js')).runInventory(io);
      return;
    case 'plan':
      await (await import('./plan.js')).runPlan(io);
      return;
    case 'apply':
      await (await import('./apply.js')).runApply(io);
      return;
    case 'audit':
      await (await import('./audit.js')).runAudit(io);
      return;
  }
}

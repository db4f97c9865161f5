import { Commands, Inputs, type Command } from '../constants.js';
import { InputError } from './errors.js';
import type { CommandIO } from './io.js';
import { runApply } from './apply.js';
import { runAudit } from './audit.js';
import { runInventory } from './inventory.js';
import { runPlan } from './plan.js';

export function parseCommand(value: string): Command {
  if ((Commands as readonly string[]).includes(value)) return value as Command;
  throw new InputError(Inputs.Command, `input "command" is ${value ? `"${value}"` : 'empty'}; use one of ${Commands.join(', ')}`);
}

/** The one place both entries (action and CLI) go through to run a command. */
export async function runCommand(command: Command, io: CommandIO): Promise<void> {
  switch (command) {
    case 'inventory':
      await runInventory(io);
      return;
    case 'plan':
      await runPlan(io);
      return;
    case 'apply':
      await runApply(io);
      return;
    case 'audit':
      await runAudit(io);
      return;
  }
}

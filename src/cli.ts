import { parseCli, usage } from './commands/cli-args.js';
import { runCli } from './commands/cli-run.js';

const code = await runCli(process.argv.slice(2), { parseCli, usage });
process.exitCode = code;

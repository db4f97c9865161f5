// Entry of the privileged helper bundle (dist/helper/index.js): see run-helper.ts.
import { runHelper } from './run-helper.js';

const { exitCode, reply } = runHelper(process.argv.slice(2), process.env);
process.stdout.write(`${JSON.stringify(reply)}\n`);
process.exitCode = exitCode;

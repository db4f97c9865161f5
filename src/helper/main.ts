// Entry of the privileged helper bundle (dist/helper/index.js): see run-helper.ts.
import { readFileSync } from 'node:fs';
import { runHelper } from './run-helper.js';

// stdin carries lease-acquire's OIDC token (never argv: argv shows in every process list).
const readStdin = (): string => {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
};
const { exitCode, reply } = await runHelper(process.argv.slice(2), process.env, { readStdin });
process.stdout.write(`${JSON.stringify(reply)}\n`);
process.exitCode = exitCode;

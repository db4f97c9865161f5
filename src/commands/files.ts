import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputFileError } from './errors.js';

export function readJsonFile(file: string, what: string, fix: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputFileError(file, `cannot read the ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (${fix})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputFileError(file, `the ${what} is not JSON: ${(e as Error).message}`);
  }
}

/** Writes JSON atomically (temp file + rename), so a reader never sees half a file. */
export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

export const OutputFiles = {
  observed: (dir: string) => join(dir, 'observed.json'),
  plan: (dir: string) => join(dir, 'plan.json'),
} as const;

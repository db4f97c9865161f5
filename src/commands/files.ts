import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
  /** What one inventory job observed. */
  observed: (dir: string) => join(dir, 'observed.json'),
  plan: (dir: string) => join(dir, 'plan.json'),
  /** The merged observed state a plan was built from, next to the plan file. */
  planObserved: (planFile: string) => join(dirname(planFile), 'plan-observed.json'),
  applyResults: (dir: string, host: string) => join(dir, `apply-${host}.json`),
} as const;

/** `path` itself when it is a file; else every `observed.json` below the directory, sorted. */
export function observedFiles(path: string): string[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // A missing directory (no inventory artifact was downloaded) holds no files; a missing file is an error later.
    return path.endsWith('.json') ? [path] : [];
  }
  if (!isDir) return [path];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'observed.json') found.push(p);
    }
  };
  walk(path);
  return found;
}

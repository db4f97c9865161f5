import { mergeObservedStates, parseObservedState } from '../plan/observed-schema.js';
import type { ObservedState } from '../plan/observed.js';
import { InputFileError } from './errors.js';
import { observedFiles, readJsonFile } from './files.js';

/** Reads the observed state from a file, or merges every inventory's file under a directory. */
export function readObservedInput(path: string, warn: (message: string) => void = () => {}): ObservedState {
  const files = observedFiles(path);
  if (files.length === 0) {
    // Every inventory failed: plan anyway, so each lane comes out blocked with observation_failed.
    warn(`${path} holds no observed.json: no inventory succeeded, so every lane is blocked until one does`);
    return { schemaVersion: 1, observedAt: new Date(0).toISOString(), github: [], hosts: {} };
  }
  return mergeObservedStates(files.map((f) => readObservedFile(f)));
}

export function readObservedFile(file: string): ObservedState {
  const raw = readJsonFile(file, 'observed state', 'run `lanekeeper inventory` first, or pass --observed FILE');
  try {
    return parseObservedState(raw);
  } catch (e) {
    throw new InputFileError(file, `not an observed-state file: ${(e as Error).message.split('\n').slice(0, 6).join(' ')}`);
  }
}

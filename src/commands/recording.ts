import { Inputs, Modes, type Mode } from '../constants.js';
import { AuditRecorder } from '../audit/recorder.js';
import { runContextFromEnv } from '../audit/run-context.js';
import type { PartialSource } from '../audit/partial.js';
import type { Clock } from '../util/clock.js';
import type { CommandIO } from './io.js';

/** The audit recorder a command feeds; its partial lands in the output directory. */
export function recorderFor(io: CommandIO, source: PartialSource, clock: Clock, idempotencyKey: string | null = null): AuditRecorder {
  const modeText = io.input(Inputs.Mode);
  const mode: Mode | null = (Modes as readonly string[]).includes(modeText) ? (modeText as Mode) : source === 'apply' ? 'dry-run' : null;
  return new AuditRecorder({ source, run: runContextFromEnv((n) => io.env(n)), mode, idempotencyKey, clock });
}

/**
 * Runs a command's body and leaves its audit partial in the output directory whatever happens:
 * an error is recorded, then thrown on.
 */
export async function recording<T>(recorder: AuditRecorder, outputDir: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    recorder.error(e);
    throw e;
  } finally {
    recorder.end();
    await recorder.writePartial(outputDir);
  }
}

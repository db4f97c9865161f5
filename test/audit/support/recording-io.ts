import type { CommandIO } from '../../../src/commands/io.js';

export interface RecordingIO extends CommandIO {
  readonly inputs: Record<string, string>;
  readonly outputs: Record<string, string>;
  readonly infos: string[];
  readonly warnings: string[];
  readonly errors: string[];
  readonly summaries: { markdown: string; plain: string }[];
  readonly secrets: string[];
}

/** A CommandIO that records what a command did, for assertions. */
export function recordingIO(env: Record<string, string | undefined> = {}, inputs: Record<string, string> = {}): RecordingIO {
  const io: RecordingIO = {
    inputs,
    outputs: {},
    infos: [],
    warnings: [],
    errors: [],
    summaries: [],
    secrets: [],
    input: (name) => (inputs[name] ?? '').trim(),
    output: (name, value) => {
      io.outputs[name] = value;
    },
    info: (message) => void io.infos.push(message),
    warning: (message) => void io.warnings.push(message),
    error: (message) => void io.errors.push(message),
    group: (_title, body) => body(),
    summary: async (markdown, plain) => void io.summaries.push({ markdown, plain }),
    setSecret: (value) => void io.secrets.push(value),
    env: (name) => env[name],
  };
  return io;
}

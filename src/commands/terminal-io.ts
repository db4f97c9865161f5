import type { CommandIO } from './io.js';

export interface TerminalOptions {
  readonly inputs: Readonly<Record<string, string>>;
  /** Print the plain summary to stdout (false with --json, where stdout carries JSON only). */
  readonly printSummary: boolean;
  readonly stdout?: (s: string) => void;
  readonly stderr?: (s: string) => void;
}

/** CommandIO for the terminal: inputs from flags, logs to stderr, the summary as plain text on stdout. */
export function terminalIO(options: TerminalOptions): CommandIO & { readonly outputs: Record<string, string> } {
  const out = options.stdout ?? ((s: string) => process.stdout.write(s));
  const err = options.stderr ?? ((s: string) => process.stderr.write(s));
  const secrets = new Set<string>();
  const mask = (s: string) => {
    let t = s;
    for (const v of secrets) if (v) t = t.split(v).join('***');
    return t;
  };
  const outputs: Record<string, string> = {};
  const where = (w?: { file?: string; line?: number }) => (w?.file ? ` (${w.file}${w.line ? `:${w.line}` : ''})` : '');
  return {
    outputs,
    input: (name) => (options.inputs[name] ?? '').trim(),
    output: (name, value) => {
      outputs[name] = value;
    },
    info: (m) => err(`${mask(m)}\n`),
    warning: (m, w) => err(`warning: ${mask(m)}${where(w)}\n`),
    error: (m, w) => err(`error: ${mask(m)}${where(w)}\n`),
    group: async (title, body) => {
      err(`== ${title}\n`);
      return body();
    },
    summary: async (_markdown, plain) => {
      if (options.printSummary) out(mask(plain));
    },
    setSecret: (v) => {
      secrets.add(v);
    },
    env: (name) => process.env[name],
  };
}

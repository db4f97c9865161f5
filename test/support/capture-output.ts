import { inspect } from 'node:util';

const inspectValue = (value: unknown) => inspect(value, { depth: 6 });

/**
 * Captures everything written to stdout, stderr and the console while `body` runs, for scans
 * such as `assertNoLeakedTokens`. Output is restored even when `body` throws.
 */
export async function captureOutput<T>(body: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = consoleMethods.map((m) => console[m]);
  const sink = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = sink as typeof process.stdout.write;
  process.stderr.write = sink as typeof process.stderr.write;
  consoleMethods.forEach((m) => {
    console[m] = (...args: unknown[]) => void sink(`${args.map((a) => (typeof a === 'string' ? a : inspectValue(a))).join(' ')}\n`);
  });
  try {
    const result = await body();
    return { result, output: chunks.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    consoleMethods.forEach((m, i) => {
      console[m] = originals[i]!;
    });
  }
}

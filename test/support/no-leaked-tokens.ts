import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Something a test captured: text (stdout, stderr, a serialised record) or a file or directory to read. */
export type CapturedOutput = string | { readonly file: string };

function texts(output: CapturedOutput): Array<{ where: string; text: string }> {
  if (typeof output === 'string') return [{ where: 'captured text', text: output }];
  if (!existsSync(output.file)) return [];
  if (statSync(output.file).isDirectory()) {
    return readdirSync(output.file).flatMap((name) => texts({ file: join(output.file, name) }));
  }
  return [{ where: output.file, text: readFileSync(output.file, 'utf8') }];
}

/**
 * Fails when any issued token (registration and remove tokens, runner credentials, JIT
 * configs, API tokens) appears in any captured output. Pass `sim.issuedTokens()` plus any
 * API token the test used.
 */
export function assertNoLeakedTokens(tokens: readonly string[], outputs: readonly CapturedOutput[]): void {
  const secrets = [...new Set(tokens)].filter((t) => t.length >= 8);
  const leaks: string[] = [];
  for (const { where, text } of outputs.flatMap(texts)) {
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push(`${where} contains a token starting ${secret.slice(0, 4)}…`);
    }
  }
  if (leaks.length > 0) throw new Error(`issued tokens leaked into outputs:\n${leaks.join('\n')}`);
}

/**
 * Runs the GitHub simulator until interrupted, for the demo and for poking at it by hand:
 *
 *   npx tsx src/sim/serve.ts [--port N] [--seed-file seed.json] [--check-openapi]
 *
 * The seed file holds `{ "tokens"?: string[], "runners"?: { "<scope key>": RunnerSeed[] | { "count": n, "namePrefix"?: s, "status"?: "online" } } }`.
 * `--check-openapi` checks every GitHub response against GitHub's OpenAPI description (see
 * `GET /_sim/control/violations`). Prints one JSON line `{ url, token }` on stdout once
 * listening; control it over `/_sim/control/…`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseScopeKey, scopeKey } from '../policy/types.js';
import { DEFAULT_SIM_TOKEN, GitHubSimulator } from './github-simulator.js';
import type { RunnerSeed } from './runner-store.js';

interface SeedFile {
  readonly tokens?: string[];
  readonly runners?: Record<string, RunnerSeed[] | { count: number; namePrefix?: string; status?: 'online' | 'offline'; labels?: string[] }>;
}

export async function serve(argv: readonly string[]): Promise<GitHubSimulator> {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: 'string' }, 'seed-file': { type: 'string' }, 'check-openapi': { type: 'boolean' } },
  });
  const seed: SeedFile = values['seed-file'] ? (JSON.parse(readFileSync(values['seed-file'], 'utf8')) as SeedFile) : {};
  const tokens = seed.tokens ?? [DEFAULT_SIM_TOKEN];
  // Loaded only when asked for: the check parses GitHub's 13 MB description.
  const validate = values['check-openapi'] ? (await import('./openapi-conformance.js')).checkGitHubResponse : undefined;
  const sim = new GitHubSimulator({ tokens, ...(values.port ? { port: Number(values.port) } : {}), ...(validate ? { validate } : {}) });
  for (const [key, runners] of Object.entries(seed.runners ?? {})) {
    const scope = scopeKey(parseScopeKey(key));
    if (Array.isArray(runners)) runners.forEach((r) => sim.addRunner(scope, r));
    else sim.addRunners(scope, runners.count, runners);
  }
  const { url } = await sim.start();
  process.stdout.write(`${JSON.stringify({ url, token: tokens[0] })}\n`);
  return sim;
}

const sim = await serve(process.argv.slice(2));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void sim.stop().then(() => process.exit(0)));
}

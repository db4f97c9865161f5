import type { LanekeeperHost } from './lanekeeper-host.js';

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** Processes in the container whose command line mentions `path`. */
export async function processesOf(host: LanekeeperHost, path: string): Promise<string[]> {
  const out = await host.container.sh(`ps -eo pid=,args= | grep -F -- '${path}' | grep -v grep || true`);
  return out.split('\n').filter((l) => l.trim() !== '');
}

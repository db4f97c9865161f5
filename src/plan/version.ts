import type { RunnerVersionPolicy } from '../policy/schema.js';

function parts(v: string): number[] {
  return v.split('.').map((x) => Number.parseInt(x, 10) || 0);
}

export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function versionSatisfies(version: string, policy: RunnerVersionPolicy): boolean {
  return 'pinned' in policy ? compareVersions(version, policy.pinned) === 0 : compareVersions(version, policy.minimum) >= 0;
}

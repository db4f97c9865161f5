import { canonicalJson } from '../util/canonical-json.js';
import type { LanePlan } from '../plan/types.js';

/**
 * Compares the reviewed and the current plan of the lanes an apply will touch. Any difference
 * in what the lane would do, or in the facts it was planned from, makes the plan stale.
 * Returns one line per difference; empty means the reviewed plan still holds.
 */
export function staleLaneChanges(reviewed: readonly LanePlan[], current: readonly LanePlan[], lanes: readonly string[]): string[] {
  const changes: string[] = [];
  for (const name of lanes) {
    const before = reviewed.find((l) => l.lane === name);
    const after = current.find((l) => l.lane === name);
    if (!before || !after) {
      changes.push(`${name}: ${before ? 'no longer in the plan' : 'not in the reviewed plan'}`);
      continue;
    }
    const what: string[] = [];
    if (before.shape !== after.shape) what.push(`shape ${before.shape} → ${after.shape}`);
    if (before.action !== after.action) what.push(`action ${before.action} → ${after.action}`);
    if (before.status !== after.status) what.push(`status ${before.status} → ${after.status}`);
    if (canonicalJson(before.steps) !== canonicalJson(after.steps)) what.push('steps differ');
    if (canonicalJson(before.blockers) !== canonicalJson(after.blockers)) what.push('blockers differ');
    if (before.basisDigest !== after.basisDigest && what.length === 0) what.push('observed facts changed (runner, unit, directory or baseline)');
    else if (before.basisDigest !== after.basisDigest) what.push('observed facts changed');
    if (what.length > 0) changes.push(`${name}: ${what.join('; ')}`);
  }
  return changes;
}

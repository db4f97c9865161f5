import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../src/policy/load.js';
import { parseObservedState } from '../../src/plan/observed-schema.js';
import { buildPlan } from '../../src/plan/planner.js';
import { renderPlanMarkdown, renderPlanText } from '../../src/plan/render.js';
import { SHAPES } from '../../src/plan/types.js';

function examplePlan() {
  const { policy, problems } = loadPolicyFile('examples/lanes.yml');
  const observed = parseObservedState(JSON.parse(readFileSync('examples/observed.json', 'utf8')));
  return buildPlan(policy, problems, observed);
}

describe('the example policy and observed state', () => {
  it('have at least one lane of each shape', () => {
    const shapes = new Set(examplePlan().lanes.map((l) => l.shape));
    for (const s of SHAPES) expect(shapes, s).toContain(s);
  });

  it('render as the golden terminal table and job summary', async () => {
    const plan = examplePlan();
    await expect(renderPlanText(plan)).toMatchFileSnapshot('golden/example-plan.txt');
    await expect(renderPlanMarkdown(plan)).toMatchFileSnapshot('golden/example-plan.md');
  });

  it('say "No changes." when every lane is as the policy says', () => {
    const plan = examplePlan();
    const calm = { ...plan, lanes: plan.lanes.filter((l) => l.action === 'noop' && l.status === 'ready'), counts: { ...plan.counts, changes: 0, blocked: 0 } };
    expect(renderPlanText(calm)).toContain('No changes.');
    expect(renderPlanText(calm)).not.toContain('confirm with');
  });
});

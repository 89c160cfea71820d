// Planning: the number of paired comparisons said to separate two policies at 95% with 80% power
// does so about 80% of the time when the estimate is right.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { mulberry32, planComparisons, simulateJudgements } from '../services/ranking/index.ts';
import type { Judgement } from '../services/ranking/index.ts';

const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));
const TRUE = { a: 1040, b: 1000 };
const NU = 0.6;

/** Outcome difference d per comparison (+1 a wins, 0 tie, -1 b wins). */
const differences = (judgements: readonly Judgement[]): number[] =>
  judgements.map((j) => (j.outcome === 'tie' ? 0 : (j.outcome === 'A') === (j.a === 'a') ? 1 : -1));

test('the planned number of comparisons gives about 80% power at 95%', (t) => {
  // A large pilot pins the estimate near the truth; then 600 fresh experiments of the planned
  // size run the two-sided paired z-test. Power must be 0.80 ± 0.06 (binomial sd 0.016 plus the
  // pilot's error in δ). Closed form from the truth: σ² = P(a)+P(b)−δ², n = (1.96+0.84)²σ²/δ².
  const pilot = simulateJudgements({
    strengths: strengthsOf(TRUE),
    tieParameter: NU,
    comparisons: 40_000,
    random: mulberry32(1),
  });
  const plan = planComparisons(pilot, 'a', 'b');
  assert.equal(plan.varianceSource, 'empirical');
  assert.equal(plan.directComparisons, 40_000);
  assert.equal(plan.furtherComparisons, 0); // the pilot alone is far more than enough
  const needed = plan.comparisonsNeeded ?? NaN;
  const up = 10 ** (TRUE.a / 800 - TRUE.b / 800);
  const total = up + 1 / up + NU;
  const delta = (up - 1 / up) / total;
  const variance = (up + 1 / up) / total - delta * delta;
  const closedForm = ((1.959964 + 0.841621) ** 2 * variance) / delta ** 2;
  t.diagnostic(`planned ${needed}, closed form from the truth ${closedForm.toFixed(0)}`);
  assert.ok(Math.abs(needed / closedForm - 1) < 0.1, `${needed} vs ${closedForm}`);

  const random = mulberry32(2);
  let separated = 0;
  for (let experiment = 0; experiment < 600; experiment++) {
    const d = differences(
      simulateJudgements({
        strengths: strengthsOf(TRUE),
        tieParameter: NU,
        comparisons: needed,
        random,
      }),
    );
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1));
    if (Math.abs(mean / (sd / Math.sqrt(d.length))) > 1.959964) separated++;
  }
  t.diagnostic(`separated in ${separated}/600`);
  assert.ok(Math.abs(separated / 600 - 0.8) < 0.06, `power ${separated / 600}`);
});

test('fewer direct comparisons fall back to the model variance and count what is left to run', () => {
  const judgements = simulateJudgements({
    strengths: strengthsOf({ ...TRUE, c: 900 }),
    tieParameter: NU,
    comparisons: 60,
    random: mulberry32(3),
  });
  const plan = planComparisons(judgements, 'a', 'b', { minimumForEmpiricalVariance: 1000 });
  assert.equal(plan.varianceSource, 'model');
  const needed = plan.comparisonsNeeded ?? NaN;
  assert.equal(plan.furtherComparisons, Math.max(0, needed - plan.directComparisons));
  // Higher power needs more comparisons; the planned numbers are symmetric in a and b.
  const stricter = planComparisons(judgements, 'a', 'b', {
    power: 0.9,
    minimumForEmpiricalVariance: 1000,
  });
  assert.ok((stricter.comparisonsNeeded ?? 0) > needed);
  const swapped = planComparisons(judgements, 'b', 'a', { minimumForEmpiricalVariance: 1000 });
  assert.equal(swapped.comparisonsNeeded, needed);
});

test('equal estimates give no number, with a note saying why', () => {
  const judgements: Judgement[] = [
    { a: 'a', b: 'b', outcome: 'A' },
    { a: 'a', b: 'b', outcome: 'B' },
    { a: 'a', b: 'b', outcome: 'tie' },
  ];
  const plan = planComparisons(judgements, 'a', 'b');
  assert.equal(plan.comparisonsNeeded, null);
  assert.equal(plan.furtherComparisons, null);
  assert.ok(plan.note?.includes('about zero'));
});

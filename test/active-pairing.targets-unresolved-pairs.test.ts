import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Judgement } from '../services/ranking/index.ts';
import { activePairings } from '../services/scheduler/active-pairing.ts';

const policies = ['p0', 'p1', 'p2', 'p3'];
const tasks = ['t0', 't1'];

/** p0 and p1 are hard to tell apart; everything else is settled by many decisive results. */
function history(): {
  judgements: Judgement[];
  scheduled: { policyAId: string; policyBId: string; taskId: string }[];
} {
  const judgements: Judgement[] = [];
  const add = (a: string, b: string, outcome: Judgement['outcome'], times: number): void => {
    for (let k = 0; k < times; k++)
      judgements.push({ a, b, outcome, comparisonId: `${a}-${b}-${outcome}-${k}` });
  };
  add('p0', 'p1', 'A', 3);
  add('p0', 'p1', 'B', 3);
  for (const [a, b] of [
    ['p0', 'p2'],
    ['p0', 'p3'],
    ['p1', 'p2'],
    ['p1', 'p3'],
    ['p2', 'p3'],
  ] as const)
    add(a, b, 'A', 30);
  const scheduled = judgements.map((j, k) => ({
    policyAId: j.a,
    policyBId: j.b,
    taskId: tasks[k % 2]!,
  }));
  return { judgements, scheduled };
}

test('active pairing spends most comparisons on the pair whose order is unresolved', () => {
  const { judgements, scheduled } = history();
  const pairings = activePairings(
    {
      campaignSeed: 3,
      firstOrdinal: 0,
      policyIds: policies,
      taskIds: tasks,
      judgements,
      scheduled,
    },
    40,
  );
  assert.equal(pairings.length, 40);
  const close = pairings.filter(
    (p) =>
      new Set([p.policyAId, p.policyBId]).size === 2 &&
      [p.policyAId, p.policyBId].every((id) => id === 'p0' || id === 'p1'),
  );
  // Uniform pairing would give this pair 1/6 of the comparisons (about 7 of 40).
  assert.ok(
    close.length >= 20,
    `only ${close.length} of 40 comparisons went to the unresolved pair`,
  );
  for (const p of pairings) assert.notEqual(p.policyAId, p.policyBId);
  // Both sides get the A role and tasks stay balanced within the pair.
  assert.ok(close.some((p) => p.policyAId === 'p0') && close.some((p) => p.policyAId === 'p1'));
  const onT0 = close.filter((p) => p.taskId === 't0').length;
  assert.ok(
    Math.abs(onT0 - close.length / 2) <= 1,
    `tasks unbalanced: ${onT0} of ${close.length} on t0`,
  );
});

test('active pairing is repeatable for the same campaign state and explores without history', () => {
  const { judgements, scheduled } = history();
  const input = {
    campaignSeed: 3,
    firstOrdinal: 17,
    policyIds: policies,
    taskIds: tasks,
    judgements,
    scheduled,
  };
  assert.deepEqual(activePairings(input, 8), activePairings(input, 8));
  const cold = activePairings({ ...input, judgements: [], scheduled: [] }, 60);
  const pairs = new Set(cold.map((p) => [p.policyAId, p.policyBId].sort().join('-')));
  assert.equal(pairs.size, 6, 'with no data every pair is worth comparing');
});

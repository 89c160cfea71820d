import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  balancePairing,
  imbalanceMargin,
  slotsHeldForAbsent,
} from '../services/scheduler/policy-balance.ts';
import { uniformPairing } from '../services/scheduler/uniform-pairing.ts';

const policies = ['p0', 'p1', 'p2'];

/**
 * Plays the scheduler's rule slot by slot: while `absentUntil` has not been reached, p2's server
 * is down, so it sits out and the other two may not spend the slots it is owed.
 */
function playCampaign(budget: number, absentFrom: number, absentUntil: number) {
  const counts = new Map(policies.map((id) => [id, 0]));
  let scheduled = 0;
  let waitedSlots = 0;
  for (let step = 0; scheduled < budget; step += 1) {
    const absent = step >= absentFrom && step < absentUntil ? new Set(['p2']) : new Set<string>();
    const present = policies.filter((id) => !absent.has(id));
    if (budget - scheduled - slotsHeldForAbsent(counts, absent, budget) <= 0) {
      waitedSlots += 1;
      continue;
    }
    balancePairing(uniformPairing(7, scheduled, present, ['t']), counts);
    scheduled += 1;
  }
  return { counts, waitedSlots };
}

test('a policy away for most of a campaign ends within the balance margin of the others', () => {
  const budget = 60;
  const { counts, waitedSlots } = playCampaign(budget, 3, 200);
  const values = [...counts.values()];
  assert.equal(
    values.reduce((a, b) => a + b, 0),
    2 * budget,
  );
  assert.ok(waitedSlots > 0, 'the others waited for the absent policy');
  assert.ok(
    Math.max(...values) - Math.min(...values) <= imbalanceMargin(counts) + 1,
    JSON.stringify([...counts]),
  );
});

test('nothing is held back while every server answers', () => {
  const counts = new Map([
    ['p0', 5],
    ['p1', 1],
    ['p2', 0],
  ]);
  assert.equal(slotsHeldForAbsent(counts, new Set(), 30), 0);
  const { waitedSlots } = playCampaign(30, 0, 0);
  assert.equal(waitedSlots, 0);
});

test('an absent policy is owed the places between its count and an equal share of the budget', () => {
  const counts = new Map([
    ['p0', 10],
    ['p1', 9],
    ['p2', 1],
  ]);
  // 3 policies share 2 × 30 places: 20 each; p2 has 1.
  assert.equal(slotsHeldForAbsent(counts, new Set(['p2']), 30), 19);
  assert.equal(slotsHeldForAbsent(counts, new Set(['p0']), 30), 10);
  assert.equal(
    slotsHeldForAbsent(
      new Map([
        ['p0', 25],
        ['p1', 25],
        ['p2', 25],
      ]),
      new Set(['p2']),
      30,
    ),
    0,
  );
});

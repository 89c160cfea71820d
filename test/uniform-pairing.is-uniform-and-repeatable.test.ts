import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniformPairing } from '../services/scheduler/uniform-pairing.ts';

const policies = ['p0', 'p1', 'p2', 'p3'];
const tasks = ['t0', 't1'];

test('uniform pairing is a pure function of (campaign seed, ordinal)', () => {
  for (let ordinal = 0; ordinal < 50; ordinal++) {
    assert.deepEqual(
      uniformPairing(11, ordinal, policies, tasks),
      uniformPairing(11, ordinal, policies, tasks),
    );
  }
  const first = Array.from({ length: 20 }, (_, i) => uniformPairing(11, i, policies, tasks));
  const other = Array.from({ length: 20 }, (_, i) => uniformPairing(12, i, policies, tasks));
  assert.notDeepEqual(first, other);
});

test('uniform pairing draws every ordered pair and task equally often', () => {
  const draws = 24_000;
  const orderedPairs = new Map<string, number>();
  const taskCounts = new Map<string, number>();
  for (let ordinal = 0; ordinal < draws; ordinal++) {
    const p = uniformPairing(3, ordinal, policies, tasks);
    assert.notEqual(p.policyAId, p.policyBId);
    orderedPairs.set(
      `${p.policyAId}>${p.policyBId}`,
      (orderedPairs.get(`${p.policyAId}>${p.policyBId}`) ?? 0) + 1,
    );
    taskCounts.set(p.taskId, (taskCounts.get(p.taskId) ?? 0) + 1);
  }
  // 12 ordered pairs, 2000 expected each; chi-square with 11 degrees of freedom, 0.999 quantile 31.3.
  assert.equal(orderedPairs.size, 12);
  const expected = draws / 12;
  const chiSquare = [...orderedPairs.values()].reduce(
    (sum, n) => sum + (n - expected) ** 2 / expected,
    0,
  );
  assert.ok(chiSquare < 31.3, `chi-square ${chiSquare.toFixed(1)} says the pairs are not uniform`);
  for (const n of taskCounts.values())
    assert.ok(Math.abs(n - draws / 2) < 4 * Math.sqrt(draws / 4));
});

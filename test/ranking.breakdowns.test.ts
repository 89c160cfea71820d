// Breakdowns: sim-vs-real correlation and SIMPLER's MMRV, auto-vs-human agreement with Wilson
// intervals, and per-group leaderboards.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  autoHumanAgreement,
  compareRatingSets,
  meanMaximumRankViolation,
  mulberry32,
  pearsonCorrelation,
  rankBy,
  rankPolicies,
  simulateJudgements,
  spearmanCorrelation,
  wilsonInterval,
} from '../services/ranking/index.ts';
import type { Judgement } from '../services/ranking/index.ts';

const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));
const close = (x: number, y: number, tolerance = 1e-12) => Math.abs(x - y) <= tolerance;

test('Pearson and Spearman on values with known answers', () => {
  assert.ok(close(pearsonCorrelation([1, 2, 3, 4], [2, 4, 6, 8]), 1));
  assert.ok(close(pearsonCorrelation([1, 2, 3, 4], [8, 6, 4, 2]), -1));
  // r = 0.8 by hand: deviations (-1.5,-0.5,0.5,1.5)·(-1.5,0.5,-0.5,1.5) = 4, both sums of squares 5.
  assert.ok(close(pearsonCorrelation([1, 2, 3, 4], [1, 3, 2, 4]), 0.8));
  // Monotone but not linear: Spearman 1, Pearson below.
  assert.ok(close(spearmanCorrelation([1, 2, 3, 4], [1, 10, 100, 1000]), 1));
  assert.ok(pearsonCorrelation([1, 2, 3, 4], [1, 10, 100, 1000]) < 0.9);
  // Ties share their average rank: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4).
  assert.ok(close(spearmanCorrelation([1, 2, 2, 3], [1, 2, 3, 4]), 4.5 / Math.sqrt(4.5 * 5)));
  assert.ok(Number.isNaN(pearsonCorrelation([1, 1, 1], [1, 2, 3])));
});

test("MMRV follows SIMPLER's definition: the largest real gap among order violations, averaged", () => {
  // Only policies 2 and 3 are swapped by sim, and they are 0.4 apart in reality: 2 and 3 each
  // suffer a 0.4 violation, policy 1 none, so MMRV = 0.8 / 3.
  assert.ok(close(meanMaximumRankViolation([0.2, 0.6, 0.4], [0.1, 0.5, 0.9]), 0.8 / 3));
  assert.equal(meanMaximumRankViolation([1, 2, 3], [10, 20, 30]), 0);
  // The same swap between near-equal policies costs little.
  assert.ok(
    close(meanMaximumRankViolation([0.2, 0.6, 0.4], [0.1, 0.5, 0.52]), (2 * 0.02) / 3, 1e-12),
  );
  // A tie in sim against a strict real order is a violation (strict comparisons, as in
  // simpler_env), seen from the really better policy only: (0 + 0.4) / 2.
  assert.ok(close(meanMaximumRankViolation([0.5, 0.5], [0.2, 0.6]), 0.2));
});

test('sim and real leaderboards of the same policies correlate; a swapped sim is penalised', () => {
  const real = { a: 800, b: 900, c: 1000, d: 1100, e: 1200 };
  const fitted = (ratings: Record<string, number>, seed: number) =>
    rankPolicies(
      simulateJudgements({
        strengths: strengthsOf(ratings),
        tieParameter: 0.3,
        comparisons: 3000,
        random: mulberry32(seed),
      }),
      { bootstrapRounds: 0 },
    );
  const realBoard = fitted(real, 1);
  const faithful = compareRatingSets(fitted(real, 2), realBoard);
  assert.deepEqual(faithful.policies, ['a', 'b', 'c', 'd', 'e']);
  assert.ok(faithful.pearson > 0.98, `pearson ${faithful.pearson}`);
  assert.equal(faithful.spearman, 1);
  assert.equal(faithful.meanMaximumRankViolation, 0);
  // Sim swaps the best and the worst: every policy is violated by up to 400 real Elo.
  const swapped = compareRatingSets(fitted({ ...real, a: 1200, e: 800 }, 3), realBoard);
  assert.ok(swapped.spearman < 0, `spearman ${swapped.spearman}`);
  assert.ok(swapped.meanMaximumRankViolation > 250, `mmrv ${swapped.meanMaximumRankViolation}`);
  // Plain records and Maps work too, restricted to shared policies.
  const partial = compareRatingSets(
    { a: 1, b: 2, z: 3 },
    new Map([
      ['a', 5],
      ['b', 7],
    ]),
  );
  assert.deepEqual(partial.policies, ['a', 'b']);
});

test('auto-vs-human agreement counts each kind of pair, ties explicitly', () => {
  const judgements: Judgement[] = [
    { a: 'x', b: 'y', outcome: 'A', source: 'auto', comparisonId: 'c1' },
    { a: 'y', b: 'x', outcome: 'B', source: 'evaluator', comparisonId: 'c1' }, // same winner x
    { a: 'x', b: 'y', outcome: 'tie', source: 'crowd', comparisonId: 'c1' }, // human tie
    { a: 'x', b: 'y', outcome: 'tie', source: 'auto', comparisonId: 'c2' },
    { a: 'x', b: 'y', outcome: 'tie', source: 'crowd', comparisonId: 'c2' }, // both tie
    { a: 'x', b: 'y', outcome: 'B', source: 'crowd', comparisonId: 'c2' }, // auto tie
    { a: 'x', b: 'y', outcome: 'A', source: 'auto', comparisonId: 'c3' },
    { a: 'x', b: 'y', outcome: 'B', source: 'evaluator', comparisonId: 'c3' }, // opposite
    { a: 'x', b: 'y', outcome: 'B', source: 'evaluator', comparisonId: 'c4' }, // no auto: ignored
  ];
  const result = autoHumanAgreement(judgements);
  assert.equal(result.comparisons, 3);
  assert.deepEqual(result.counts, {
    sameWinner: 1,
    oppositeWinner: 1,
    bothTie: 1,
    humanTie: 1,
    autoTie: 1,
  });
  assert.equal(result.exact.pairs, 5);
  assert.equal(result.exact.agreements, 2);
  assert.equal(result.decisive.pairs, 2);
  assert.equal(result.decisive.agreements, 1);
  assert.throws(() =>
    autoHumanAgreement([
      { a: 'x', b: 'y', outcome: 'A', source: 'auto', comparisonId: 'c' },
      { a: 'x', b: 'y', outcome: 'B', source: 'auto', comparisonId: 'c' },
    ]),
  );
});

test('the Wilson interval of the agreement rate covers the true rate', () => {
  // Humans agree with the automatic winner with probability 0.85 (else call a tie or the other
  // side): over 400 simulated studies of 60 comparisons, the 95% Wilson interval of the exact
  // agreement rate covers 0.85 in 0.92-0.98 of them (sd 0.011).
  const random = mulberry32(6);
  let covered = 0;
  for (let study = 0; study < 400; study++) {
    const judgements: Judgement[] = [];
    for (let c = 0; c < 60; c++) {
      const comparisonId = `c${c}`;
      judgements.push({ a: 'x', b: 'y', outcome: 'A', source: 'auto', comparisonId });
      const u = random();
      const outcome = u < 0.85 ? 'A' : u < 0.93 ? 'tie' : 'B';
      judgements.push({ a: 'x', b: 'y', outcome, source: 'evaluator', comparisonId });
    }
    const { low, high } = autoHumanAgreement(judgements).exact.interval;
    if (low <= 0.85 && 0.85 <= high) covered++;
  }
  assert.ok(covered / 400 >= 0.92 && covered / 400 <= 0.98, `coverage ${covered / 400}`);
  // Reference values: Wilson (95%) for 8 of 10 is [0.4902, 0.9433].
  const { low, high } = wilsonInterval(8, 10);
  assert.ok(close(low, 0.4901624, 1e-6) && close(high, 0.9433178, 1e-6), `${low} ${high}`);
});

test('rankBy gives each task its own leaderboard, equal to ranking that task alone', () => {
  const perTask: Record<string, Record<string, number>> = {
    push: { a: 1200, b: 1000, c: 800 },
    stack: { a: 800, b: 1000, c: 1200 },
  };
  const judgements = Object.entries(perTask).flatMap(([task, ratings], t) =>
    simulateJudgements({
      strengths: strengthsOf(ratings),
      tieParameter: 0.2,
      comparisons: 600,
      random: mulberry32(t + 1),
    }).map((j) => ({ ...j, task })),
  );
  const untagged: Judgement = { a: 'a', b: 'b', outcome: 'A' };
  const boards = rankBy([...judgements, untagged], 'task', { bootstrapRounds: 100 });
  assert.deepEqual([...boards.keys()], ['push', 'stack']);
  assert.deepEqual(
    boards.get('push')?.entries.map((e) => e.policy),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    boards.get('stack')?.entries.map((e) => e.policy),
    ['c', 'b', 'a'],
  );
  const alone = rankPolicies(
    judgements.filter((j) => j.task === 'stack'),
    { bootstrapRounds: 100 },
  );
  assert.deepEqual(boards.get('stack'), alone);
  const byFunction = rankBy(judgements, (j) => (j.a < j.b ? 'ordered' : undefined), {
    bootstrapRounds: 0,
  });
  assert.deepEqual([...byFunction.keys()], ['ordered']);
});

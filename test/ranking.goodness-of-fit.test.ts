// Goodness of fit: data drawn from the model pass, an intransitive cycle fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  aggregateCounts,
  fitBradleyTerry,
  goodnessOfFit,
  mulberry32,
  rankPolicies,
  simulateJudgements,
} from '../services/ranking/index.ts';
import type { Judgement } from '../services/ranking/index.ts';

/** Strengths of Elo ratings, converted here rather than by the library under test. */
const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));

test('data simulated from Bradley-Terry with ties pass: p-values are roughly uniform', (t) => {
  // Under the model, P(p < 0.05) = 0.05 and P(p < 0.001) = 0.001. Over 200 repetitions the
  // counts are about Binomial(200, 0.05) (sd 3) and Binomial(200, 0.001): a test statistic with
  // the wrong degrees of freedom or the wrong expected counts makes p tiny far more often.
  const random = mulberry32(3);
  let below05 = 0;
  let below001 = 0;
  for (let repetition = 0; repetition < 200; repetition++) {
    const counts = aggregateCounts(
      simulateJudgements({
        strengths: strengthsOf({ a: 800, b: 900, c: 1000, d: 1100, e: 1200 }),
        tieParameter: 0.5,
        comparisons: 1000,
        random,
      }),
    );
    for (const method of ['pearson', 'likelihood-ratio'] as const) {
      const fit = goodnessOfFit(counts, fitBradleyTerry(counts), { method });
      // 10 pairs x 2 free cells - 4 strengths - nu.
      assert.equal(fit.degreesOfFreedom, 15);
      if (method === 'pearson') {
        if (fit.pValue < 0.05) below05++;
        if (fit.pValue < 0.001) below001++;
      }
    }
  }
  t.diagnostic(`p < 0.05 in ${below05}/200, p < 0.001 in ${below001}/200`);
  assert.ok(below05 <= 20, `${below05} of 200 below 0.05`);
  assert.ok(below001 <= 2, `${below001} of 200 below 0.001`);
});

/** Rock-paper-scissors: each policy beats the next 80% of the time. */
function cycle(comparisons: number, random: () => number): Judgement[] {
  const beats: [string, string][] = [
    ['rock', 'scissors'],
    ['scissors', 'paper'],
    ['paper', 'rock'],
  ];
  return Array.from({ length: comparisons }, (_, c) => {
    const [winner, loser] = beats[c % 3] ?? ['rock', 'scissors'];
    const upset = random() < 0.2;
    return { a: winner, b: loser, outcome: upset ? 'B' : 'A', comparisonId: `c${c}` };
  });
}

test('a rock-paper-scissors cycle fails the test and the leaderboard warns', () => {
  const judgements = cycle(300, mulberry32(4));
  const counts = aggregateCounts(judgements);
  const fit = fitBradleyTerry(counts);
  for (const method of ['pearson', 'likelihood-ratio'] as const) {
    const result = goodnessOfFit(counts, fit, { method });
    assert.equal(result.degreesOfFreedom, 1); // 3 pairs - 2 strengths, no ties
    assert.ok(result.pValue < 1e-10, `${method}: p = ${result.pValue}`);
    for (const pair of result.pairs) {
      assert.ok(Math.abs(pair.predictedScore - 0.5) < 0.05, 'a cycle fits as three equals');
      assert.ok(Math.abs(pair.standardizedResidual) > 5);
    }
  }
  const board = rankPolicies(judgements, { bootstrapRounds: 0 });
  assert.ok(board.goodnessOfFit !== undefined && board.goodnessOfFit !== null);
  assert.ok(board.warnings.some((w) => w.includes('do not fit a Bradley-Terry model')));
});

test('the observed and expected counts of a pair add up to its comparisons', () => {
  const counts = aggregateCounts(
    simulateJudgements({
      strengths: strengthsOf({ a: 900, b: 1000, c: 1100 }),
      tieParameter: 1,
      comparisons: 300,
      random: mulberry32(9),
    }),
  );
  const davidson = goodnessOfFit(counts, fitBradleyTerry(counts));
  const half = goodnessOfFit(counts, fitBradleyTerry(counts, { ties: 'half' }));
  assert.equal(half.degreesOfFreedom, 1); // 3 pairs x 1 free cell - 2 strengths
  assert.equal(davidson.degreesOfFreedom, 3); // 3 pairs x 2 - 2 - nu
  for (const result of [davidson, half]) {
    for (const { observed, expected, comparisons } of result.pairs) {
      const sum = (c: { aWins: number; bWins: number; ties: number }) => c.aWins + c.bWins + c.ties;
      assert.ok(Math.abs(sum(observed) - comparisons) < 1e-9);
      assert.ok(Math.abs(sum(expected) - comparisons) < 1e-9);
    }
  }
});

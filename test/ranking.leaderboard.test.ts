// The extended leaderboard: the old fields are unchanged, the new ones (analytic intervals, rank
// ranges, goodness of fit, clustering) are filled, and a campaign refit stays fast.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  bootstrapIntervals,
  mulberry32,
  rankPolicies,
  simulateJudgements,
} from '../services/ranking/index.ts';

const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));
const TEN = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`q${i}`, 800 + 45 * i]));
const judgements = simulateJudgements({
  strengths: strengthsOf(TEN),
  tieParameter: 0.5,
  comparisons: 1000,
  random: mulberry32(21),
}).map((j, k) => ({ ...j, judge: `judge${k % 25}` }));

test('the bootstrap fields are what bootstrapIntervals gives; the new fields are filled', () => {
  const board = rankPolicies(judgements, { bootstrapRounds: 300, seed: 4 });
  const bootstrap = bootstrapIntervals(judgements, { rounds: 300, seed: 4 });
  board.entries.forEach((entry, position) => {
    assert.deepEqual(bootstrap.intervals.get(entry.policy), {
      low: entry.ciLow,
      high: entry.ciHigh,
    });
    assert.equal(entry.rank, position + 1);
    assert.ok(entry.rankBest !== null && entry.rankBest !== undefined);
    assert.ok(entry.rankWorst !== null && entry.rankWorst !== undefined);
    assert.ok(entry.rankBest <= position + 1 && position + 1 <= entry.rankWorst);
    const se = entry.standardError ?? NaN;
    assert.ok(se > 10 && se < 60, `se ${se}`);
    assert.ok(Math.abs((entry.analyticHigh ?? NaN) - entry.rating - 1.959964 * se) < 1e-3);
  });
  assert.ok(board.goodnessOfFit !== null && board.goodnessOfFit !== undefined);
  assert.ok(board.goodnessOfFit.pValue > 0.001, `p ${board.goodnessOfFit.pValue}`);
  assert.equal(board.clusters, 1000);
  assert.equal(rankPolicies(judgements, { bootstrapRounds: 0, clusterBy: 'judge' }).clusters, 25);
});

test('options switch the extras off: no analytic intervals, no test, no rank ranges', () => {
  const board = rankPolicies(judgements, {
    bootstrapRounds: 0,
    analyticIntervals: 'none',
    goodnessOfFit: false,
  });
  for (const entry of board.entries) {
    assert.equal(entry.ciLow, null);
    assert.equal(entry.analyticLow, null);
    assert.equal(entry.rankBest, null);
  }
  assert.equal(board.goodnessOfFit, null);
});

test('a 10-policy, 1000-comparison refit with all defaults takes well under a second', (t) => {
  rankPolicies(judgements, { bootstrapRounds: 50 }); // warm up the JIT
  const started = performance.now();
  rankPolicies(judgements);
  const elapsed = performance.now() - started;
  t.diagnostic(
    `default refit (1000 bootstrap rounds, sandwich, fit test) in ${elapsed.toFixed(0)} ms`,
  );
  assert.ok(elapsed < 500, `${elapsed} ms`);
});

// Plackett-Luce bootstrap: calibrated against rankings simulated from known strengths,
// deterministic per seed, resampling whole rankings (or comparisons, judges, tasks), and on
// pairwise data the Bradley-Terry "half" leaderboard.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  bootstrapPlackettLuce,
  mulberry32,
  rankIntervals,
  rankPolicies,
  rankRankings,
  simulateJudgements,
  toRankingJudgement,
} from '../services/ranking/index.ts';
import type { BootstrapResult, RankingJudgement } from '../services/ranking/index.ts';
import { simulateRankings } from './helpers/plackett-luce-rankings.ts';

const TRUE_RATINGS: Record<string, number> = { a: 850, b: 950, c: 1000, d: 1050, e: 1150 };
const POLICIES = Object.keys(TRUE_RATINGS);

test('95% intervals cover the true ratings at a plausible rate', (t) => {
  // 250 simulated experiments of 100 4-wise rankings among 5 policies (true ratings averaging
  // 1000, where the fitted mean is pinned), 1000 rounds each: 1250 intervals. At true coverage
  // 0.95 the observed fraction has a standard deviation of about 0.006 (treating an
  // experiment's intervals as independent; their centred errors sum to zero, so if anything
  // they are negatively correlated): [0.92, 0.98] is 5 sd either side. On this data the 95%
  // intervals give 0.955, while 90% intervals give 0.906 and 99% intervals 0.985, both
  // rejected. Full 1000 rounds per experiment fit the time budget (about 3 s here): the table
  // bootstrap costs microseconds per round at this size.
  const random = mulberry32(2025);
  let covered = 0;
  let rankCovered = 0;
  let total = 0;
  const order = [...POLICIES].sort((x, y) => (TRUE_RATINGS[y] ?? 0) - (TRUE_RATINGS[x] ?? 0));
  for (let experiment = 0; experiment < 250; experiment++) {
    const result = bootstrapPlackettLuce(simulateRankings(TRUE_RATINGS, 100, 4, random), {
      rounds: 1000,
      seed: experiment + 1,
    });
    const ranges = rankIntervals(result);
    for (const [policy, { low, high }] of result.intervals) {
      const truth = TRUE_RATINGS[policy] ?? NaN;
      const trueRank = order.indexOf(policy) + 1;
      const range = ranges.get(policy);
      total++;
      if (low <= truth && truth <= high) covered++;
      if (range !== undefined && range.best <= trueRank && trueRank <= range.worst) rankCovered++;
    }
  }
  assert.equal(total, 1250);
  const coverage = covered / total;
  t.diagnostic(`rating coverage ${coverage}, rank-range coverage ${rankCovered / total}`);
  assert.ok(coverage >= 0.92 && coverage <= 0.98, `coverage ${coverage}`);
  // Rank ranges are whole ranks around the central 95% of each policy's ranks: conservative.
  assert.ok(rankCovered / total >= 0.95, `rank-range coverage ${rankCovered / total}`);
});

const rankings = simulateRankings(TRUE_RATINGS, 150, 3, mulberry32(8));

const bounds = (result: BootstrapResult) =>
  [...result.intervals].map(([policy, { low, high }]) => [policy, low, high]);

test('the same seed reproduces the intervals exactly, in any input order; another seed does not', () => {
  const first = bootstrapPlackettLuce(rankings, { rounds: 300, seed: 9 });
  const again = bootstrapPlackettLuce([...rankings].reverse(), { rounds: 300, seed: 9 });
  const other = bootstrapPlackettLuce(rankings, { rounds: 300, seed: 10 });
  assert.deepEqual(bounds(again), bounds(first));
  assert.deepEqual([...again.samples], [...first.samples]);
  assert.notDeepEqual(bounds(other), bounds(first));
  assert.equal(first.rounds, 300);
  assert.equal(first.samples.length, 300 * POLICIES.length);
  assert.equal(first.tieParameterSamples, null);
  assert.equal(first.clusters, rankings.length);
});

test('rankings sharing a comparisonId, or a judge under clusterBy, are resampled together', () => {
  // Five identical copies of each ranking carry no more information than one when they travel
  // together: with the prior scaled alike, the copies give the very intervals of the originals
  // (whose ids sort like the cluster keys, so the draws are the same). Taken as independent they
  // would look like five times the evidence, about 1/sqrt(5) as wide.
  const single = bootstrapPlackettLuce(
    rankings.map((r, k) => ({ ...r, comparisonId: `c${k}` })),
    { rounds: 400, seed: 4, priorStrength: 0.1 },
  );
  const copies = (extra: (k: number) => Partial<RankingJudgement>) =>
    rankings.flatMap((r, k) => Array.from({ length: 5 }, () => ({ ...r, ...extra(k) })));
  const byId = bootstrapPlackettLuce(
    copies((k) => ({ comparisonId: `c${k}` })),
    { rounds: 400, seed: 4, priorStrength: 0.5 },
  );
  const byJudge = bootstrapPlackettLuce(
    copies((k) => ({ judge: `c${k}` })),
    { rounds: 400, seed: 4, priorStrength: 0.5, clusterBy: 'judge' },
  );
  const independent = bootstrapPlackettLuce(
    copies(() => ({})),
    { rounds: 400, seed: 4, priorStrength: 0.5 },
  );
  for (const [policy, interval] of single.intervals) {
    for (const together of [byId, byJudge]) {
      const other = together.intervals.get(policy);
      assert.ok(other !== undefined);
      assert.ok(Math.abs(other.low - interval.low) < 1e-6, `${policy} low`);
      assert.ok(Math.abs(other.high - interval.high) < 1e-6, `${policy} high`);
    }
    const apart = independent.intervals.get(policy);
    assert.ok(apart !== undefined);
    const ratio = (apart.high - apart.low) / (interval.high - interval.low);
    assert.ok(ratio > 0.3 && ratio < 0.6, `${policy}: width ratio ${ratio}`);
  }
  assert.equal(byJudge.clusters, rankings.length);
});

test('on pairwise data the Plackett-Luce leaderboard is the Bradley-Terry one with half-win ties', () => {
  const judgements = simulateJudgements({
    strengths: Object.fromEntries(POLICIES.map((p) => [p, 10 ** ((TRUE_RATINGS[p] ?? 0) / 400)])),
    tieParameter: 0.5,
    comparisons: 600,
    random: mulberry32(12),
  });
  const options = { bootstrapRounds: 1000, seed: 3, priorStrength: 0 };
  const bt = rankPolicies(judgements, { ...options, ties: 'half' });
  const pl = rankRankings(judgements.map(toRankingJudgement), options);
  assert.equal(pl.tieParameter, null);
  assert.deepEqual(
    pl.entries.map((e) => [e.policy, e.rank, e.comparisons, e.wins, e.losses, e.ties]),
    bt.entries.map((e) => [e.policy, e.rank, e.comparisons, e.wins, e.losses, e.ties]),
  );
  pl.entries.forEach((entry, i) => {
    const other = bt.entries[i];
    assert.ok(other !== undefined);
    assert.ok(Math.abs(entry.rating - other.rating) < 1e-6, `${entry.policy} rating`);
    // Different resampling streams: the bounds agree to Monte Carlo error.
    const width = (other.ciHigh ?? NaN) - (other.ciLow ?? NaN);
    assert.ok(Math.abs((entry.ciLow ?? NaN) - (other.ciLow ?? NaN)) < 0.1 * width, entry.policy);
    assert.ok(Math.abs((entry.ciHigh ?? NaN) - (other.ciHigh ?? NaN)) < 0.1 * width, entry.policy);
  });
});

// How long this takes is measured by `npm run bench -- ranking`, not asserted here.
test('on 10,000 rankings every one of 1000 bootstrap rounds converges', () => {
  const many = simulateRankings(TRUE_RATINGS, 10_000, 4, mulberry32(99));
  const result = bootstrapPlackettLuce(many, { rounds: 1000, seed: 1 });
  assert.equal(result.unconvergedRounds, 0);
});

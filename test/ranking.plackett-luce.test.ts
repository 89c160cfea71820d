// Plackett-Luce: recovers strengths from simulated K-wise rankings, reduces to Bradley-Terry on
// pairwise data, and treats a tied group as the average of its orderings.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  InvalidJudgementError,
  aggregateCounts,
  fitBradleyTerry,
  fitPlackettLuce,
  mulberry32,
  simulateJudgements,
  toRankingJudgement,
} from '../services/ranking/index.ts';
import type { FitResult, RankingJudgement } from '../services/ranking/index.ts';
import { simulateRankings } from './helpers/plackett-luce-rankings.ts';

const TRUE_RATINGS: Record<string, number> = {
  a: 800,
  b: 900,
  c: 950,
  d: 1000,
  e: 1100,
  f: 1250,
};
const POLICIES = Object.keys(TRUE_RATINGS);

const ratingOf = (fit: FitResult, policy: string) =>
  fit.ratings[fit.policies.indexOf(policy)] ?? NaN;

test('recovers Plackett-Luce ratings from 4-wise rankings without bias', (t) => {
  // 40 independent data sets of 400 rankings: the mean estimate of each rating must lie within
  // 4 standard errors of the mean (sd/sqrt(40)) of the truth, centred on the true mean, and each
  // single fit must be precise (sd < 25 Elo). Reading rankings worst-first, or fitting only the
  // winner of each ranking with the wrong likelihood, shifts the means by far more.
  const random = mulberry32(17);
  const trueMean = Object.values(TRUE_RATINGS).reduce((s, r) => s + r, 0) / POLICIES.length;
  const estimates = new Map<string, number[]>(POLICIES.map((p) => [p, []]));
  for (let repetition = 0; repetition < 40; repetition++) {
    const fit = fitPlackettLuce(simulateRankings(TRUE_RATINGS, 400, 4, random));
    assert.equal(fit.converged, true);
    for (const policy of POLICIES) estimates.get(policy)?.push(ratingOf(fit, policy));
  }
  for (const [policy, values] of estimates) {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    const truth = (TRUE_RATINGS[policy] ?? NaN) - trueMean + 1000;
    t.diagnostic(`${policy}: mean ${mean.toFixed(1)} (truth ${truth}), sd ${sd.toFixed(1)}`);
    assert.ok(sd < 25, `${policy}: sd ${sd}`);
    assert.ok(Math.abs(mean - truth) < 4 * (sd / Math.sqrt(values.length)), `${policy}: ${mean}`);
  }
});

test('on pairwise data it is Bradley-Terry (ties as half wins), with and without a prior', () => {
  const judgements = simulateJudgements({
    strengths: Object.fromEntries(POLICIES.map((p) => [p, 10 ** ((TRUE_RATINGS[p] ?? 0) / 400)])),
    tieParameter: 0.6,
    comparisons: 500,
    random: mulberry32(2),
  });
  for (const priorStrength of [0, 0.1]) {
    for (const anchor of [undefined, 'c']) {
      const bt = fitBradleyTerry(aggregateCounts(judgements), {
        ties: 'half',
        priorStrength,
        anchor,
      });
      const pl = fitPlackettLuce(judgements.map(toRankingJudgement), { priorStrength, anchor });
      assert.deepEqual(pl.policies, bt.policies);
      bt.policies.forEach((policy) => {
        const difference = ratingOf(pl, policy) - ratingOf(bt, policy);
        assert.ok(Math.abs(difference) < 1e-6, `${policy}: ${difference} Elo`);
      });
      assert.ok(Math.abs(pl.logPosterior - bt.logPosterior) < 1e-6);
    }
  }
  const decisive = judgements.filter((j) => j.outcome !== 'tie');
  const plain = fitBradleyTerry(aggregateCounts(decisive), { ties: 'davidson' });
  const pl = fitPlackettLuce(decisive.map(toRankingJudgement));
  plain.policies.forEach((p) => assert.ok(Math.abs(ratingOf(pl, p) - ratingOf(plain, p)) < 1e-6));
});

test('a tied group counts as the average of its orderings', () => {
  // [[b, c], a] weighs as ([b, c, a] + [c, b, a]) / 2 and [a, [d, e, f]] as the mean of its 6
  // orderings. Six times the tied data is therefore 6 x base + 3 x each order of the first +
  // each of the 6 orderings of the second: without a prior, the same estimate.
  const base = simulateRankings(TRUE_RATINGS, 60, 3, mulberry32(5));
  const tied: RankingJudgement[] = [
    ...base,
    { ranking: [['b', 'c'], 'a'] },
    { ranking: ['a', ['d', 'e', 'f']] },
  ];
  const orderings = [
    ['d', 'e', 'f'],
    ['d', 'f', 'e'],
    ['e', 'd', 'f'],
    ['e', 'f', 'd'],
    ['f', 'd', 'e'],
    ['f', 'e', 'd'],
  ];
  const expanded: RankingJudgement[] = [
    ...Array.from({ length: 6 }, () => base).flat(),
    ...Array.from({ length: 3 }, () => [
      { ranking: ['b', 'c', 'a'] },
      { ranking: ['c', 'b', 'a'] },
    ]).flat(),
    ...orderings.map((o) => ({ ranking: ['a', ...o] })),
  ];
  const x = fitPlackettLuce(tied, { priorStrength: 0 });
  const y = fitPlackettLuce(expanded, { priorStrength: 0 });
  assert.ok(x.converged && y.converged);
  x.policies.forEach((p) => {
    const difference = ratingOf(x, p) - ratingOf(y, p);
    assert.ok(Math.abs(difference) < 1e-6, `${p}: ${difference}`);
  });
  // And it is not the same as breaking the tie one way.
  const broken = fitPlackettLuce(
    [...base, { ranking: ['b', 'c', 'a'] }, { ranking: ['a', ['d', 'e', 'f']] }],
    { priorStrength: 0 },
  );
  assert.ok(Math.abs(ratingOf(broken, 'b') - ratingOf(x, 'b')) > 1);
});

test('malformed rankings are rejected with the index of the judgement', () => {
  const bad: RankingJudgement[][] = [
    [{ ranking: ['a'] }],
    [{ ranking: ['a', 'a'] }],
    [{ ranking: ['a', []] }],
    [{ ranking: ['a', ''] }],
  ];
  for (const rankings of bad) {
    assert.throws(
      () => fitPlackettLuce([{ ranking: ['x', 'y'] }, ...rankings]),
      (error) => {
        assert.ok(error instanceof InvalidJudgementError);
        assert.equal(error.index, 1);
        return true;
      },
    );
  }
});

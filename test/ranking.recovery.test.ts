// Parameter recovery: judgements simulated from a known Davidson model must give back its
// ratings and tie parameter, within a few standard errors computed from the sample size.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  aggregateCounts,
  fitBradleyTerry,
  mulberry32,
  simulateJudgements,
} from '../services/ranking/index.ts';

/** Elo is 400·log10(strength): Elo points per unit of natural-log strength. */
const ELO_PER_NATURAL_LOG = 400 / Math.LN10;

/** Strengths of Elo ratings, converted here rather than by the library under test. */
const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));

const TRUE_RATINGS: Record<string, number> = {
  alpha: 700,
  bravo: 820,
  charlie: 940,
  delta: 1060,
  echo: 1180,
  foxtrot: 1300,
};
const TRUE_NU = 0.5;
const COMPARISONS = 30_000;
const STANDARD_ERRORS = 4;

/** Outcome probabilities of `a` against `b` under the true model. */
function davidson(a: string, b: string) {
  const pa = 10 ** ((TRUE_RATINGS[a] ?? NaN) / 400);
  const pb = 10 ** ((TRUE_RATINGS[b] ?? NaN) / 400);
  const tie = TRUE_NU * Math.sqrt(pa * pb);
  const total = pa + pb + tie;
  return { win: pa / total, loss: pb / total, tie: tie / total };
}

/**
 * Standard errors from the expected Fisher information at the truth with pairs drawn uniformly:
 * for a rating, 1/sqrt(sum over opponents of n_pair·Var(score)), which ignores the gain from
 * centring and so overstates the error of a mean-centred rating a little (conservative); for
 * log(nu), 1/sqrt(N·mean p_tie(1 - p_tie)).
 */
function expectedStandardErrors() {
  const policies = Object.keys(TRUE_RATINGS);
  const perPair = COMPARISONS / ((policies.length * (policies.length - 1)) / 2);
  const ratingSe = new Map<string, number>();
  let tieInformation = 0;
  for (const a of policies) {
    let information = 0;
    for (const b of policies) {
      if (a === b) continue;
      const p = davidson(a, b);
      const meanScore = p.win + p.tie / 2;
      information += perPair * (p.win + p.tie / 4 - meanScore ** 2);
      tieInformation += (perPair * p.tie * (1 - p.tie)) / 2;
    }
    ratingSe.set(a, ELO_PER_NATURAL_LOG / Math.sqrt(information));
  }
  return { ratingSe, logNuSe: 1 / Math.sqrt(tieInformation) };
}

const judgements = simulateJudgements({
  strengths: strengthsOf(TRUE_RATINGS),
  tieParameter: TRUE_NU,
  comparisons: COMPARISONS,
  random: mulberry32(20240501),
});
const fit = fitBradleyTerry(aggregateCounts(judgements), { ties: 'davidson' });
const { ratingSe, logNuSe } = expectedStandardErrors();

test('recovers simulated Davidson ratings within 4 standard errors', () => {
  assert.equal(fit.converged, true);
  assert.equal(fit.disconnected, false);
  const trueMean = Object.values(TRUE_RATINGS).reduce((s, r) => s + r, 0) / 6;
  fit.policies.forEach((policy, i) => {
    const truth = (TRUE_RATINGS[policy] ?? NaN) - trueMean + 1000;
    const tolerance = STANDARD_ERRORS * (ratingSe.get(policy) ?? NaN);
    // About 4-5 Elo per standard error here; a wrong scale (ln for log10) or tie model is far off.
    assert.ok(tolerance < 25, `tolerance ${tolerance} too loose to test anything`);
    const error = (fit.ratings[i] ?? NaN) - truth;
    assert.ok(Math.abs(error) < tolerance, `${policy}: off by ${error} Elo (> ${tolerance})`);
  });
});

test('recovers the tie parameter nu within 4 standard errors', () => {
  assert.ok(fit.tieParameter !== null);
  const error = Math.log(fit.tieParameter) - Math.log(TRUE_NU);
  assert.ok(Math.abs(error) < STANDARD_ERRORS * logNuSe, `log nu off by ${error}`);
});

test('orders the policies as the truth does and centres the mean on 1000', () => {
  const byRating = [...fit.policies].sort(
    (x, y) =>
      (fit.ratings[fit.policies.indexOf(y)] ?? 0) - (fit.ratings[fit.policies.indexOf(x)] ?? 0),
  );
  assert.deepEqual(byRating, ['foxtrot', 'echo', 'delta', 'charlie', 'bravo', 'alpha']);
  const mean = fit.ratings.reduce((s, r) => s + r, 0) / fit.ratings.length;
  assert.ok(Math.abs(mean - 1000) < 1e-9);
});

test('an anchor pins one policy to 1000 without changing any difference', () => {
  const anchored = fitBradleyTerry(aggregateCounts(judgements), { anchor: 'charlie' });
  const charlie = fit.policies.indexOf('charlie');
  assert.equal(anchored.ratings[charlie], 1000);
  const shift = 1000 - (fit.ratings[charlie] ?? NaN);
  fit.ratings.forEach((rating, i) => {
    assert.ok(Math.abs((anchored.ratings[i] ?? NaN) - rating - shift) < 1e-9);
  });
});

test('the tolerance is tight enough to reject the wrong tie model on the same data', () => {
  // Counting Davidson ties as half wins shrinks rating gaps; the test above must notice that.
  const half = fitBradleyTerry(aggregateCounts(judgements), { ties: 'half' });
  const foxtrot = fit.policies.indexOf('foxtrot');
  const gap = (fit.ratings[foxtrot] ?? NaN) - (half.ratings[foxtrot] ?? NaN);
  assert.ok(gap > 10 * (ratingSe.get('foxtrot') ?? NaN), `gap ${gap} Elo`);
});

// Analytic (sandwich) intervals: calibrated against simulations from a known Davidson model, with
// and without ties; clustered scores behave like the bootstrap's clustered resampling; the
// reference (mean or anchor) constrains the covariance as it constrains the ratings.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  analyticIntervals,
  bootstrapIntervals,
  mulberry32,
  ratingCovariance,
  simulateJudgements,
} from '../services/ranking/index.ts';
import type { Judgement, RatingCovariance } from '../services/ranking/index.ts';

/** Strengths of Elo ratings, converted here rather than by the library under test. */
const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));

const TRUE_RATINGS: Record<string, number> = { p1: 850, p2: 950, p3: 1050, p4: 1150 };
const EXPERIMENTS = 1000;

for (const nu of [0.5, 0]) {
  test(`95% sandwich intervals cover the truth at 0.92-0.98 over ${EXPERIMENTS} experiments (nu = ${nu})`, (t) => {
    // 1000 small experiments x 4 policies = 4000 intervals of a rating's difference from the mean
    // (the true ratings average 1000); analytic intervals are cheap, so many experiments keep the
    // sd of the observed fraction near 0.0035 and [0.92, 0.98] is over 8 sd from 0.95. A 90%
    // interval (0.90), one 20% too narrow (0.89) or an Elo scale off by ln(10) (far narrower) fail.
    // The log-nu interval is checked too, at [0.93, 0.97] (1000 intervals, sd 0.007).
    const random = mulberry32(nu > 0 ? 31 : 32);
    let covered = 0;
    let total = 0;
    let nuCovered = 0;
    for (let experiment = 0; experiment < EXPERIMENTS; experiment++) {
      const judgements = simulateJudgements({
        strengths: strengthsOf(TRUE_RATINGS),
        tieParameter: nu,
        comparisons: 150,
        random,
      });
      const covariance = ratingCovariance(judgements);
      for (const [policy, { low, high }] of analyticIntervals(covariance)) {
        const truth = TRUE_RATINGS[policy] ?? NaN;
        total++;
        if (low <= truth && truth <= high) covered++;
      }
      if (nu > 0) {
        const logNu = Math.log(covariance.fit.tieParameter ?? NaN);
        const se = covariance.logTieParameterSe ?? NaN;
        if (Math.abs(logNu - Math.log(nu)) <= 1.96 * se) nuCovered++;
      } else {
        assert.equal(covariance.hasTieParameter, false);
      }
    }
    assert.equal(total, 4 * EXPERIMENTS);
    const coverage = covered / total;
    t.diagnostic(`rating coverage ${coverage}, log-nu coverage ${nuCovered / EXPERIMENTS}`);
    assert.ok(coverage >= 0.92 && coverage <= 0.98, `coverage ${coverage}`);
    if (nu > 0) {
      const nuCoverage = nuCovered / EXPERIMENTS;
      assert.ok(nuCoverage >= 0.93 && nuCoverage <= 0.97, `log-nu coverage ${nuCoverage}`);
    }
  });
}

const judgements = simulateJudgements({
  strengths: strengthsOf(TRUE_RATINGS),
  tieParameter: 0.5,
  comparisons: 400,
  random: mulberry32(77),
});

test('the sandwich agrees with the model covariance and the bootstrap when the model is right', () => {
  const sandwich = ratingCovariance(judgements);
  const model = ratingCovariance(judgements, { estimator: 'model' });
  const bootstrap = bootstrapIntervals(judgements, { rounds: 2000, seed: 3 });
  sandwich.policies.forEach((policy, i) => {
    const se = sandwich.standardErrors[i] ?? NaN;
    const modelSe = model.standardErrors[i] ?? NaN;
    const interval = bootstrap.intervals.get(policy);
    assert.ok(interval !== undefined);
    const bootstrapSe = (interval.high - interval.low) / (2 * 1.96);
    assert.ok(Math.abs(se / modelSe - 1) < 0.1, `${policy}: sandwich ${se} vs model ${modelSe}`);
    assert.ok(Math.abs(se / bootstrapSe - 1) < 0.1, `${policy}: ${se} vs bootstrap ${bootstrapSe}`);
  });
});

test('the covariance respects the reference: rows sum to zero; an anchor has zero variance', () => {
  const centred = ratingCovariance(judgements);
  const anchored = ratingCovariance(judgements, { anchor: 'p2' });
  const n = centred.policies.length;
  const at = (c: RatingCovariance, r: number, k: number) => c.ratingCovariance[r * n + k] ?? NaN;
  for (let r = 0; r < n; r++) {
    let rowSum = 0;
    for (let k = 0; k < n; k++) rowSum += at(centred, r, k);
    assert.ok(Math.abs(rowSum) < 1e-6, `row ${r} sums to ${rowSum}`);
  }
  const p2 = anchored.policies.indexOf('p2');
  assert.equal(anchored.standardErrors[p2], 0);
  // The variance of a difference does not depend on the reference.
  const difference = (c: RatingCovariance, x: number, y: number) =>
    at(c, x, x) + at(c, y, y) - 2 * at(c, x, y);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < x; y++) {
      const a = difference(centred, x, y);
      const b = difference(anchored, x, y);
      assert.ok(Math.abs(a - b) < 1e-6 * a, `var(r${x} - r${y}): ${a} vs ${b}`);
    }
  }
  // Under the anchor, another policy's variance is the variance of its difference from it.
  const p4 = anchored.policies.indexOf('p4');
  assert.ok(Math.abs(at(anchored, p4, p4) - difference(centred, p4, p2)) < 1e-6);
});

test('judgements of one comparison are scored together; independent copies shrink the errors', () => {
  // Two identical judgements per comparison (with the prior doubled like the data) carry the
  // information of one: identical standard errors. Under separate ids they look like twice the
  // evidence: 1/sqrt(2) as wide.
  const twice = (id: (j: Judgement, copy: number) => string) =>
    judgements.flatMap((j) => [0, 1].map((copy) => ({ ...j, comparisonId: id(j, copy) })));
  const single = ratingCovariance(judgements, { priorStrength: 0.05 });
  const together = ratingCovariance(
    twice((j) => j.comparisonId ?? ''),
    { priorStrength: 0.1 },
  );
  const apart = ratingCovariance(
    twice((j, copy) => `${j.comparisonId ?? ''}/${copy}`),
    { priorStrength: 0.1 },
  );
  single.standardErrors.forEach((se, i) => {
    // G/(G-1) is the same for both (400 units), so equality is exact up to rounding.
    assert.ok(Math.abs((together.standardErrors[i] ?? NaN) - se) < 1e-9 * se, `policy ${i}`);
    const ratio = (apart.standardErrors[i] ?? NaN) / se;
    assert.ok(Math.abs(ratio - Math.SQRT1_2) < 0.01, `ratio ${ratio}`);
  });
});

test('without a prior the covariance still exists (the unidentified shift is projected out)', () => {
  const withPrior = ratingCovariance(judgements);
  const maximumLikelihood = ratingCovariance(judgements, { priorStrength: 0 });
  maximumLikelihood.standardErrors.forEach((se, i) => {
    assert.ok(Number.isFinite(se) && se > 0);
    // The weak prior (0.1 virtual comparisons) moves the errors of 400 comparisons by < 1%.
    assert.ok(Math.abs(se / (withPrior.standardErrors[i] ?? NaN) - 1) < 0.01);
  });
});

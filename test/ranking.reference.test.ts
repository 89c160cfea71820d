// Agreement with a deliberately naive reference: the log-posterior written out judgement by
// judgement from the model's definition, maximised by cyclic coordinate search with numerical
// derivatives. It shares no code with the library beyond the simulator that makes the data.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  aggregateCounts,
  fitBradleyTerry,
  mulberry32,
  simulateJudgements,
} from '../services/ranking/index.ts';
import type { Judgement, TieModel } from '../services/ranking/index.ts';

/** Elo is 400·log10(strength): Elo points per unit of natural-log strength. */
const ELO_PER_NATURAL_LOG = 400 / Math.LN10;

/** Strengths of Elo ratings, converted here rather than by the library under test. */
const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));

const AGREEMENT_ELO = 1e-6;

interface ReferenceFit {
  ratings: Map<string, number>;
  nu: number;
}

/**
 * Log-posterior from first principles. Davidson: P(a) = pa/D, P(tie) = nu·sqrt(pa·pb)/D.
 * Half: plain BT where a tie scores log(P(a))/2 + log(P(b))/2. The prior is the documented one:
 * -(lambda/2)·(sum theta^2 [+ log(nu)^2 under Davidson]) with lambda = priorStrength / 4.
 */
function referenceLogPosterior(
  data: readonly { a: number; b: number; outcome: Judgement['outcome'] }[],
  params: readonly number[],
  model: TieModel,
  priorStrength: number,
): number {
  const phi = params[params.length - 1] ?? 0;
  const thetas = model === 'davidson' ? params.slice(0, -1) : params;
  let total = 0;
  for (const { a, b, outcome } of data) {
    const pa = Math.exp(thetas[a] ?? 0);
    const pb = Math.exp(thetas[b] ?? 0);
    if (model === 'davidson') {
      const tie = Math.exp(phi) * Math.sqrt(pa * pb);
      const numerator = outcome === 'A' ? pa : outcome === 'B' ? pb : tie;
      total += Math.log(numerator / (pa + pb + tie));
    } else {
      const logA = Math.log(pa / (pa + pb));
      const logB = Math.log(pb / (pa + pb));
      total += outcome === 'A' ? logA : outcome === 'B' ? logB : (logA + logB) / 2;
    }
  }
  return total - (priorStrength / 8) * params.reduce((s, p) => s + p * p, 0);
}

/**
 * Maximises by repeated exact line searches: along every coordinate, along "shift all strengths"
 * (the direction the weak prior alone pins down, hopeless for coordinates) and along the last
 * sweep's net move (a Hooke-Jeeves pattern step that undoes coordinate search's zig-zag). Each
 * line search is a bisection on a 5-point numerical directional derivative.
 */
function referenceFit(
  judgements: readonly Judgement[],
  model: TieModel,
  priorStrength: number,
): ReferenceFit {
  const policies = [...new Set(judgements.flatMap((j) => [j.a, j.b]))];
  const data = judgements.map((j) => ({
    a: policies.indexOf(j.a),
    b: policies.indexOf(j.b),
    outcome: j.outcome,
  }));
  let params = new Array<number>(policies.length + (model === 'davidson' ? 1 : 0)).fill(0);
  // Without a prior only differences are identified: hold the first strength at 0.
  const firstFree = priorStrength === 0 ? 1 : 0;
  const along = (direction: readonly number[], t: number) =>
    params.map((p, k) => p + t * (direction[k] ?? 0));
  const slope = (direction: readonly number[], t: number): number => {
    const at = (v: number) =>
      referenceLogPosterior(data, along(direction, v), model, priorStrength);
    const h = 1e-3;
    return (at(t - 2 * h) - 8 * at(t - h) + 8 * at(t + h) - at(t + 2 * h)) / (12 * h);
  };
  const lineSearch = (direction: readonly number[]): void => {
    const sign = slope(direction, 0) > 0 ? 1 : -1;
    let [low, high] = [0, sign * 0.25];
    while (slope(direction, high) * sign > 0) [low, high] = [high, high + (high - low) * 2];
    for (let i = 0; i < 200 && Math.abs(high - low) > 1e-15; i++) {
      const middle = (low + high) / 2;
      if (slope(direction, middle) * sign > 0) low = middle;
      else high = middle;
    }
    params = along(direction, (low + high) / 2);
  };
  const centred = (values: readonly number[]) => {
    const mean = values.slice(0, policies.length).reduce((sum, v) => sum + v, 0) / policies.length;
    return values.map((v, k) => (k < policies.length ? v - mean : v));
  };
  const unit = (k: number) => params.map((_, i) => (i === k ? 1 : 0));
  const shiftAll = params.map((_, i) => (i >= firstFree && i < policies.length ? 1 : 0));
  for (let sweep = 0, quietSweeps = 0; sweep < 2000 && quietSweeps < 3; sweep++) {
    const before = [...params];
    for (let k = firstFree; k < params.length; k++) lineSearch(unit(k));
    lineSearch(shiftAll);
    const pattern = params.map((p, k) => p - (before[k] ?? 0));
    if (pattern.some((d) => d !== 0)) lineSearch(pattern);
    // Judge progress on what is compared (centred strengths, nu): the overall shift is pinned
    // only by the weak prior, so its numerical derivative is too flat to settle below 1e-11.
    const largestMove = Math.max(
      ...centred(params).map((p, k) => Math.abs(p - (centred(before)[k] ?? 0))),
    );
    quietSweeps = largestMove < 1e-11 ? quietSweeps + 1 : 0;
  }
  const thetas = params.slice(0, policies.length);
  const mean = thetas.reduce((s, t) => s + t, 0) / thetas.length;
  return {
    ratings: new Map(
      policies.map((p, i) => [p, 1000 + ELO_PER_NATURAL_LOG * ((thetas[i] ?? 0) - mean)]),
    ),
    nu: model === 'davidson' ? Math.exp(params[policies.length] ?? 0) : NaN,
  };
}

const judgements = simulateJudgements({
  strengths: strengthsOf({ p1: 850, p2: 950, p3: 1000, p4: 1080, p5: 1200 }),
  tieParameter: 0.6,
  comparisons: 160,
  random: mulberry32(99),
});

function assertAgreement(model: TieModel, priorStrength: number) {
  const fit = fitBradleyTerry(aggregateCounts(judgements), { ties: model, priorStrength });
  const reference = referenceFit(judgements, model, priorStrength);
  assert.equal(fit.converged, true);
  fit.policies.forEach((policy, i) => {
    const difference = (fit.ratings[i] ?? NaN) - (reference.ratings.get(policy) ?? NaN);
    assert.ok(Math.abs(difference) < AGREEMENT_ELO, `${policy}: ${difference} Elo`);
  });
  if (model === 'davidson') {
    assert.ok(fit.tieParameter !== null);
    assert.ok(Math.abs(fit.tieParameter / reference.nu - 1) < 1e-8, `nu ${fit.tieParameter}`);
  } else {
    assert.equal(fit.tieParameter, null);
  }
}

test('Davidson fit with the default prior matches the reference to 1e-6 Elo', () => {
  assertAgreement('davidson', 0.1);
});

test('Davidson maximum likelihood (no prior) matches the reference to 1e-6 Elo', () => {
  assertAgreement('davidson', 0);
});

test('half-win fit with a strong prior matches the reference to 1e-6 Elo', () => {
  assertAgreement('half', 5);
});

test('half-win maximum likelihood matches the reference to 1e-6 Elo', () => {
  assertAgreement('half', 0);
});

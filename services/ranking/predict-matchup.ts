import { ELO_PER_LOG_STRENGTH } from './elo-scale.ts';
import { InvalidRankingOptionError, UnknownPolicyError } from './errors.ts';
import { normalQuantile } from './normal-distribution.ts';
import { quantileOfSorted } from './percentile.ts';
import type { RatingCovariance } from './rating-covariance.ts';
import type { BootstrapResult, RatingInterval } from './types.ts';

/** Predicted outcome probabilities of one comparison of `a` against `b`, with intervals. */
export interface MatchupPrediction {
  readonly a: string;
  readonly b: string;
  readonly pWin: number;
  readonly pTie: number;
  readonly pLoss: number;
  readonly winInterval: RatingInterval;
  /** Null when the model has no ties (Davidson fit to tie-free data, or 'half'). */
  readonly tieInterval: RatingInterval | null;
  readonly lossInterval: RatingInterval;
  readonly method: 'delta' | 'bootstrap';
}

/**
 * Davidson's outcome probabilities for a log-strength difference d and tie parameter nu:
 * P(win) = e^(d/2) / (e^(d/2) + e^(-d/2) + nu), P(tie) = nu / (same). nu = 0 is plain BT.
 */
export function davidsonProbabilities(d: number, nu: number) {
  const up = Math.exp(d / 2);
  const down = Math.exp(-d / 2);
  const total = up + down + nu;
  return { win: up / total, tie: nu / total, loss: down / total };
}

function positionOf(policies: readonly string[], policy: string): number {
  const i = policies.indexOf(policy);
  if (i < 0) throw new UnknownPolicyError(policy);
  return i;
}

function zOf(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidRankingOptionError('confidence must be between 0 and 1');
  }
  return normalQuantile(0.5 + confidence / 2);
}

const logistic = (t: number) => 1 / (1 + Math.exp(-t));

/**
 * P(a beats b), P(tie), P(b beats a) at the estimate, with delta-method intervals computed on the
 * logit scale (so they stay inside (0, 1)) from the covariance of (d, log nu). With the sandwich
 * covariance the intervals inherit its robustness. Throws UnknownPolicyError or
 * InvalidRankingOptionError (confidence outside (0, 1)).
 */
export function predictMatchup(
  covariance: RatingCovariance,
  a: string,
  b: string,
  confidence = 0.95,
): MatchupPrediction {
  const z = zOf(confidence);
  const { fit, parameterCovariance: sigma, hasTieParameter } = covariance;
  const ia = positionOf(fit.policies, a);
  const ib = positionOf(fit.policies, b);
  const n = fit.policies.length;
  const m = n + (hasTieParameter ? 1 : 0);
  const at = (r: number, c: number) => sigma[r * m + c] ?? 0;
  const d = (fit.logStrengths[ia] ?? NaN) - (fit.logStrengths[ib] ?? NaN);
  const nu = hasTieParameter ? (fit.tieParameter ?? 0) : 0;
  const varD = at(ia, ia) + at(ib, ib) - 2 * at(ia, ib);
  const covDPhi = hasTieParameter ? at(ia, n) - at(ib, n) : 0;
  const varPhi = hasTieParameter ? at(n, n) : 0;
  // se of a logit that moves by gD per unit of d and gPhi per unit of log nu.
  const se = (gD: number, gPhi: number) =>
    Math.sqrt(Math.max(0, gD * gD * varD + 2 * gD * gPhi * covDPhi + gPhi * gPhi * varPhi));
  const interval = (logit: number, gD: number, gPhi: number): RatingInterval => ({
    low: logistic(logit - z * se(gD, gPhi)),
    high: logistic(logit + z * se(gD, gPhi)),
  });
  const p = davidsonProbabilities(d, nu);
  const up = Math.exp(d / 2);
  const down = Math.exp(-d / 2);
  // logit P(win) = d/2 − log(e^(−d/2) + nu); logit P(loss) mirrors it; logit P(tie) = φ − log(2 cosh(d/2)).
  const winInterval = interval(
    d / 2 - Math.log(down + nu),
    0.5 + (0.5 * down) / (down + nu),
    -nu / (down + nu),
  );
  const lossInterval = interval(
    -d / 2 - Math.log(up + nu),
    -(0.5 + (0.5 * up) / (up + nu)),
    -nu / (up + nu),
  );
  const tieInterval =
    hasTieParameter && nu > 0
      ? interval(Math.log(nu) - Math.log(up + down), -0.5 * Math.tanh(d / 2), 1)
      : null;
  return {
    a,
    b,
    pWin: p.win,
    pTie: p.tie,
    pLoss: p.loss,
    winInterval,
    tieInterval,
    lossInterval,
    method: 'delta',
  };
}

/**
 * The same prediction with percentile intervals over the bootstrap rounds (each round's ratings
 * and nu give one set of probabilities); point values come from the full-data fit. Rounds where
 * either policy was absent are skipped. Throws UnknownPolicyError or InvalidRankingOptionError
 * (no samples kept, or confidence outside (0, 1)).
 */
export function predictMatchupFromBootstrap(
  bootstrap: BootstrapResult,
  a: string,
  b: string,
  confidence = 0.95,
): MatchupPrediction {
  zOf(confidence);
  const { samples, tieParameterSamples, pointEstimate: fit } = bootstrap;
  if (samples === undefined) throw new InvalidRankingOptionError('the bootstrap kept no samples');
  const ia = positionOf(fit.policies, a);
  const ib = positionOf(fit.policies, b);
  const n = fit.policies.length;
  const wins: number[] = [];
  const ties: number[] = [];
  const losses: number[] = [];
  for (let round = 0; round * n < samples.length; round++) {
    const difference = (samples[round * n + ia] ?? NaN) - (samples[round * n + ib] ?? NaN);
    if (!Number.isFinite(difference)) continue;
    const p = davidsonProbabilities(
      difference / ELO_PER_LOG_STRENGTH,
      tieParameterSamples?.[round] ?? 0,
    );
    wins.push(p.win);
    ties.push(p.tie);
    losses.push(p.loss);
  }
  const tail = (1 - confidence) / 2;
  const interval = (values: number[]): RatingInterval => {
    const sorted = Float64Array.from(values).sort();
    return { low: quantileOfSorted(sorted, tail), high: quantileOfSorted(sorted, 1 - tail) };
  };
  const d = (fit.logStrengths[ia] ?? NaN) - (fit.logStrengths[ib] ?? NaN);
  const nu = fit.tieParameter ?? 0;
  const p = davidsonProbabilities(d, nu);
  return {
    a,
    b,
    pWin: p.win,
    pTie: p.tie,
    pLoss: p.loss,
    winInterval: interval(wins),
    tieInterval: nu > 0 ? interval(ties) : null,
    lossInterval: interval(losses),
    method: 'bootstrap',
  };
}

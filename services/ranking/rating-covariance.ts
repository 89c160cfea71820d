import {
  MIN_RELIABLE_CLUSTERS,
  clusterJudgements,
  fewClustersWarning,
} from './cluster-judgements.ts';
import { connectedComponents } from './connectivity.ts';
import { evaluatePosterior, parameterCount } from './davidson-posterior.ts';
import { ELO_PER_LOG_STRENGTH } from './elo-scale.ts';
import { InvalidRankingOptionError } from './errors.ts';
import { buildPosteriorModel, fitBradleyTerry } from './fit-bradley-terry.ts';
import { resolveFitOptions } from './fit-options.ts';
import { addComparison, comparisonCount, indexJudgements } from './judgement-index.ts';
import { emptyPairCounts } from './pair-counts.ts';
import { invertPositiveDefinite } from './matrix-inverse.ts';
import { scoreOuterProducts } from './score-outer-products.ts';
import type { ClusterBy, FitOptions, FitResult, Judgement } from './types.ts';

export interface CovarianceOptions extends Omit<
  FitOptions,
  'initialLogStrengths' | 'initialLogTieParameter'
> {
  /** Units whose scores are summed before the outer product. Default 'comparison'. */
  readonly clusterBy?: ClusterBy;
  /**
   * 'sandwich' (default): H⁻¹JH⁻¹·G/(G−1), valid when the model is wrong or units are
   * correlated inside; 'model': H⁻¹, the usual Fisher-information covariance.
   */
  readonly estimator?: 'sandwich' | 'model';
}

export interface RatingCovariance {
  readonly fit: FitResult;
  readonly policies: readonly string[];
  /**
   * Covariance of the Elo ratings (row-major n×n), on the ratings' own reference: the ratings sum
   * to n·1000 (or the anchor is exactly 1000), so rows sum to zero (or the anchor's row is zero).
   */
  readonly ratingCovariance: Float64Array;
  /** Square roots of its diagonal, in Elo points. */
  readonly standardErrors: Float64Array;
  /**
   * Covariance in natural-log units of (log-strengths on the same reference, then log nu when
   * the model has it): size (n+1)² with a tie parameter, n² without. For delta-method work.
   */
  readonly parameterCovariance: Float64Array;
  readonly hasTieParameter: boolean;
  /** Standard error of log(nu); null when there is no tie parameter. */
  readonly logTieParameterSe: number | null;
  readonly estimator: 'sandwich' | 'model';
  /** Number of independent units G (comparisons or clusters). */
  readonly clusters: number;
  readonly warnings: readonly string[];
}

/**
 * Analytic covariance of the fitted ratings, the cheap alternative to the bootstrap (one matrix
 * inversion instead of a thousand fits). H is the negative Hessian of the log-posterior at the
 * estimate (prior included), J the sum over units of outer products of their summed score
 * contributions (see scoreOuterProducts), and G/(G−1) the usual small-sample correction.
 * Ratings are then moved to the Elo reference of the fit (mean 1000 or anchor 1000) by the linear
 * map r = ELO·(θ − wᵀθ), so the covariance respects that constraint. Without a prior the
 * likelihood is flat along "shift a component"; that direction is removed exactly (pseudo-inverse),
 * and it carries no information either way. Across disconnected components the ratings are not
 * comparable and neither is this covariance (a warning says so).
 *
 * `fit` may be passed to reuse a fit of the same judgements and options. Throws like
 * fitBradleyTerry, and InvalidRankingOptionError for a bad `estimator` or a `fit` of other data.
 */
export function ratingCovariance(
  judgements: readonly Judgement[],
  options: CovarianceOptions = {},
  fit?: FitResult,
): RatingCovariance {
  const estimator = options.estimator ?? 'sandwich';
  if (estimator !== 'sandwich' && estimator !== 'model') {
    throw new InvalidRankingOptionError(`estimator must be 'sandwich' or 'model'`);
  }
  const index = indexJudgements(clusterJudgements(judgements, options.clusterBy));
  const counts = emptyPairCounts(index);
  const clusters = comparisonCount(index);
  for (let c = 0; c < clusters; c++) addComparison(index, counts, c, 1);
  const estimate = fit ?? fitBradleyTerry(counts, options);
  if (estimate.policies.join('\u0000') !== index.policies.join('\u0000')) {
    throw new InvalidRankingOptionError('the fit passed in is not of these judgements');
  }
  const resolved = resolveFitOptions(options, index.policies);
  const model = buildPosteriorModel(counts, resolved.ties, resolved.priorPrecision);
  const n = index.policies.length;
  const m = parameterCount(model);
  const x = new Float64Array(m);
  x.set(estimate.logStrengths);
  if (model.hasTieParameter) x[n] = Math.log(estimate.tieParameter ?? 1);

  const hessian = new Float64Array(m * m);
  evaluatePosterior(model, x, new Float64Array(m), hessian);
  const components = connectedComponents(counts);
  const gauge = resolved.priorPrecision === 0 ? components : [];
  for (const component of gauge) addOuter(hessian, m, component, 1 / component.length);
  const inverse = invertPositiveDefinite(hessian, m);
  // The gauge directions are orthonormal null vectors of H; removing them leaves H's pseudo-inverse.
  for (const component of gauge) addOuter(inverse, m, component, -1 / component.length);

  let covariance = inverse;
  if (estimator === 'sandwich') {
    const meat = scoreOuterProducts(index, model, x);
    const correction = clusters > 1 ? clusters / (clusters - 1) : 1;
    covariance = multiply(multiply(inverse, meat, m), inverse, m).map((v) => v * correction);
  }
  const parameterCovariance = toReference(covariance, m, n, resolved.anchorIndex);
  const ratingCovariance = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      ratingCovariance[r * n + c] =
        ELO_PER_LOG_STRENGTH ** 2 * (parameterCovariance[r * m + c] ?? 0);
    }
  }
  const standardErrors = Float64Array.from({ length: n }, (_, i) =>
    Math.sqrt(Math.max(0, ratingCovariance[i * n + i] ?? 0)),
  );
  const warnings = [...estimate.warnings];
  if (components.length > 1) {
    warnings.push('the covariance says nothing about rating differences across components');
  }
  if (estimator === 'sandwich' && clusters < MIN_RELIABLE_CLUSTERS) {
    warnings.push(fewClustersWarning(clusters));
  }
  return {
    fit: estimate,
    policies: index.policies,
    ratingCovariance,
    standardErrors,
    parameterCovariance,
    hasTieParameter: model.hasTieParameter,
    logTieParameterSe: model.hasTieParameter
      ? Math.sqrt(Math.max(0, parameterCovariance[n * m + n] ?? 0))
      : null,
    estimator,
    clusters,
    warnings,
  };
}

/** matrix += weight · 1_S 1_Sᵀ over the index set S. */
function addOuter(matrix: Float64Array, m: number, set: readonly number[], weight: number): void {
  for (const r of set) for (const c of set) matrix[r * m + c] = (matrix[r * m + c] ?? 0) + weight;
}

function multiply(left: Float64Array, right: Float64Array, m: number): Float64Array {
  const product = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    for (let k = 0; k < m; k++) {
      const lrk = left[r * m + k] ?? 0;
      if (lrk === 0) continue;
      for (let c = 0; c < m; c++)
        product[r * m + c] = (product[r * m + c] ?? 0) + lrk * (right[k * m + c] ?? 0);
    }
  }
  return product;
}

/**
 * Covariance of (θ − wᵀθ·1, φ) from that of (θ, φ), where w is the uniform weight 1/n (mean
 * reference) or the anchor's indicator: A Σ Aᵀ for A = I − 1wᵀ on the strength block.
 */
function toReference(
  covariance: Float64Array,
  m: number,
  n: number,
  anchorIndex: number | null,
): Float64Array {
  const weight = (i: number) => (anchorIndex === null ? 1 / n : i === anchorIndex ? 1 : 0);
  // v = Σ w over every parameter (row), s = wᵀ Σ w over the strength block.
  const v = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let sum = 0;
    for (let c = 0; c < n; c++) sum += (covariance[r * m + c] ?? 0) * weight(c);
    v[r] = sum;
  }
  let s = 0;
  for (let r = 0; r < n; r++) s += weight(r) * (v[r] ?? 0);
  const result = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      let value = covariance[r * m + c] ?? 0;
      if (c < n) value -= v[r] ?? 0;
      if (r < n) value -= v[c] ?? 0;
      if (r < n && c < n) value += s;
      result[r * m + c] = value;
    }
  }
  return result;
}

import { InvalidRankingOptionError, UnknownPolicyError } from './errors.ts';
import { fitBradleyTerry } from './fit-bradley-terry.ts';
import { normalQuantile } from './normal-distribution.ts';
import { aggregateCounts } from './pair-counts.ts';
import { davidsonProbabilities } from './predict-matchup.ts';
import { ELO_PER_LOG_STRENGTH } from './elo-scale.ts';
import type { FitOptions, FitResult, Judgement } from './types.ts';

export interface PlanOptions extends Omit<
  FitOptions,
  'initialLogStrengths' | 'initialLogTieParameter'
> {
  /** Two-sided confidence of the test that should separate the two. Default 0.95. */
  readonly confidence?: number;
  /** Probability that the test separates them if the estimated difference is real. Default 0.8. */
  readonly power?: number;
  /**
   * Below this |P(a wins) − P(b wins)| the difference counts as zero and no number of comparisons
   * is returned. Default 0.001.
   */
  readonly minimumDifference?: number;
  /** Direct comparisons needed before their own variance is trusted over the model's. Default 20. */
  readonly minimumForEmpiricalVariance?: number;
}

export interface ComparisonPlan {
  readonly a: string;
  readonly b: string;
  /** Fitted rating of a minus that of b, in Elo points. */
  readonly ratingDifference: number;
  /** δ = P(a wins) − P(b wins) in one comparison, predicted by the fitted model. */
  readonly outcomeDifference: number;
  /** σ² of the per-comparison outcome difference (+1 a wins, 0 tie, −1 b wins). */
  readonly perComparisonVariance: number;
  /** 'empirical' from the direct a-vs-b comparisons, or 'model' when they are too few. */
  readonly varianceSource: 'empirical' | 'model';
  /** Comparisons of a against b so far (judgements of one comparison averaged into one). */
  readonly directComparisons: number;
  /** Total direct comparisons n = (z₁ + z₂)²·σ²/δ² for the test; null when δ is ~0. */
  readonly comparisonsNeeded: number | null;
  /** max(0, comparisonsNeeded − directComparisons); null when δ is ~0. */
  readonly furtherComparisons: number | null;
  /** Why there is no number, when there is none. */
  readonly note: string | null;
}

/**
 * How many more paired comparisons of a against b it should take to separate them at the given
 * confidence (two-sided, default 95%) with the given power (default 80%), assuming the current
 * estimate of their difference is the truth. This is the sample-size formula for a paired mean
 * difference (Miller, "Adding error bars to evals", 2024): each comparison yields
 * d = +1 / 0 / −1 (a wins / tie / b wins), the effect is δ = E[d] predicted by the fitted model
 * from all the data, and σ² = Var(d) is the empirical variance of the direct comparisons (paired
 * design) once there are enough of them, else the model's P(a) + P(b) − δ². It counts only direct
 * comparisons, ignoring what comparisons with third policies add, so it errs on the side of more.
 * When |δ| is below `minimumDifference` the two are, as far as the data tell, equal: no finite
 * number is expected to separate them, so comparisonsNeeded and furtherComparisons are null and
 * `note` says so. `fit` may be passed to reuse a fit of the same judgements and options.
 * Throws UnknownPolicyError, InvalidRankingOptionError, and what fitBradleyTerry throws.
 */
export function planComparisons(
  judgements: readonly Judgement[],
  a: string,
  b: string,
  options: PlanOptions = {},
  fit: FitResult = fitBradleyTerry(aggregateCounts(judgements), options),
): ComparisonPlan {
  const confidence = options.confidence ?? 0.95;
  const power = options.power ?? 0.8;
  const minimumDifference = options.minimumDifference ?? 0.001;
  const minimumEmpirical = options.minimumForEmpiricalVariance ?? 20;
  if (!(confidence > 0 && confidence < 1) || !(power > 0 && power < 1)) {
    throw new InvalidRankingOptionError('confidence and power must be between 0 and 1');
  }
  if (!(minimumDifference >= 0))
    throw new InvalidRankingOptionError('minimumDifference must be >= 0');
  if (a === b) throw new InvalidRankingOptionError('plan a comparison of two different policies');
  const ia = fit.policies.indexOf(a);
  const ib = fit.policies.indexOf(b);
  if (ia < 0) throw new UnknownPolicyError(a);
  if (ib < 0) throw new UnknownPolicyError(b);

  const logDifference = (fit.logStrengths[ia] ?? NaN) - (fit.logStrengths[ib] ?? NaN);
  const p = davidsonProbabilities(logDifference, fit.tieParameter ?? 0);
  const delta = p.win - p.loss;

  // Direct comparisons, each reduced to the mean d of its judgements (a paired unit).
  const byComparison = new Map<string, { sum: number; count: number }>();
  judgements.forEach((j, k) => {
    if (!((j.a === a && j.b === b) || (j.a === b && j.b === a))) return;
    const winner = j.outcome === 'tie' ? null : j.outcome === 'A' ? j.a : j.b;
    const d = winner === null ? 0 : winner === a ? 1 : -1;
    const id = j.comparisonId ?? `\u0000${k}`;
    const unit = byComparison.get(id) ?? { sum: 0, count: 0 };
    byComparison.set(id, { sum: unit.sum + d, count: unit.count + 1 });
  });
  const values = [...byComparison.values()].map(({ sum, count }) => sum / count);
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(n, 1);
  const empirical = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : NaN;
  const useEmpirical = n >= minimumEmpirical && empirical > 0;
  const variance = useEmpirical ? empirical : p.win + p.loss - delta * delta;

  const base = {
    a,
    b,
    ratingDifference: ELO_PER_LOG_STRENGTH * logDifference,
    outcomeDifference: delta,
    perComparisonVariance: variance,
    varianceSource: useEmpirical ? ('empirical' as const) : ('model' as const),
    directComparisons: n,
  };
  if (!(Math.abs(delta) >= minimumDifference)) {
    return {
      ...base,
      comparisonsNeeded: null,
      furtherComparisons: null,
      note:
        'the estimated difference is about zero: no number of comparisons is expected to ' +
        'separate these two (they may be equally good)',
    };
  }
  const z = normalQuantile(0.5 + confidence / 2) + normalQuantile(power);
  const needed = Math.ceil((z * z * variance) / (delta * delta));
  return {
    ...base,
    comparisonsNeeded: needed,
    furtherComparisons: Math.max(0, needed - n),
    note: null,
  };
}

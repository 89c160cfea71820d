import { InvalidRankingOptionError } from './errors.ts';
import { normalQuantile } from './normal-distribution.ts';
import type { RatingCovariance } from './rating-covariance.ts';
import type { RatingInterval } from './types.ts';

/**
 * Wald intervals rating ± z·se (z = 1.96 at the default 0.95) from an analytic covariance,
 * keyed by policy id. They are symmetric by construction; for a handful of comparisons or
 * ratings near the prior's pull the bootstrap's percentile intervals are the better report.
 * Throws InvalidRankingOptionError for a confidence outside (0, 1).
 */
export function analyticIntervals(
  covariance: RatingCovariance,
  confidence = 0.95,
): Map<string, RatingInterval> {
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidRankingOptionError('confidence must be between 0 and 1');
  }
  const z = normalQuantile(0.5 + confidence / 2);
  const intervals = new Map<string, RatingInterval>();
  covariance.policies.forEach((policy, i) => {
    const rating = covariance.fit.ratings[i] ?? NaN;
    const halfWidth = z * (covariance.standardErrors[i] ?? NaN);
    intervals.set(policy, { low: rating - halfWidth, high: rating + halfWidth });
  });
  return intervals;
}

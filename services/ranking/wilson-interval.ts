import { InvalidRankingOptionError } from './errors.ts';
import { normalQuantile } from './normal-distribution.ts';
import type { RatingInterval } from './types.ts';

/**
 * Wilson score interval of a binomial proportion `successes / trials`: unlike the Wald interval
 * it stays inside [0, 1] and keeps its coverage near 0 and 1 (e.g. 98 agreements in 100).
 * [0, 1] for zero trials (nothing is known). Throws InvalidRankingOptionError for counts out of
 * range or a confidence outside (0, 1).
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  confidence = 0.95,
): RatingInterval {
  if (!(trials >= 0 && successes >= 0 && successes <= trials)) {
    throw new InvalidRankingOptionError('need 0 <= successes <= trials');
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidRankingOptionError('confidence must be between 0 and 1');
  }
  if (trials === 0) return { low: 0, high: 1 };
  const z = normalQuantile(0.5 + confidence / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

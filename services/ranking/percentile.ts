import type { RatingInterval } from './types.ts';

/**
 * The q-quantile (0 <= q <= 1) of values already sorted ascending, interpolating linearly
 * between order statistics (Hyndman-Fan type 7, numpy's default). NaN for an empty input.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below] ?? NaN;
  const upper = sorted[above] ?? NaN;
  return lower + (position - below) * (upper - lower);
}

/**
 * Each policy's central `confidence` percentile interval from round-major samples
 * (`samples[round * policies.length + i]`), ignoring NaN values (policy absent that round).
 */
export function percentileIntervals(
  policies: readonly string[],
  samples: Float64Array,
  confidence: number,
): Map<string, RatingInterval> {
  const n = policies.length;
  const rounds = n > 0 ? samples.length / n : 0;
  const tail = (1 - confidence) / 2;
  const intervals = new Map<string, RatingInterval>();
  policies.forEach((policy, i) => {
    const values: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const value = samples[round * n + i] ?? NaN;
      if (Number.isFinite(value)) values.push(value);
    }
    const sorted = Float64Array.from(values).sort();
    intervals.set(policy, {
      low: quantileOfSorted(sorted, tail),
      high: quantileOfSorted(sorted, 1 - tail),
    });
  });
  return intervals;
}

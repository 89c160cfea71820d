import { InvalidRankingOptionError } from './errors.ts';
import { quantileOfSorted } from './percentile.ts';
import type { BootstrapResult } from './types.ts';

/** The ranks (1 = best) a policy takes in the central share of bootstrap rounds. */
export interface RankRange {
  readonly best: number;
  readonly worst: number;
}

/**
 * Each policy's rank range over the bootstrap rounds: in every round the policies present are
 * ranked by rating (rank = 1 + the number rated strictly higher, so equal ratings share the
 * better rank), and the range runs from the (1−confidence)/2 to the (1+confidence)/2 quantile of
 * those ranks, widened to whole ranks. This answers "could it be second?" honestly where rating
 * intervals that overlap pairwise do not. A policy absent from a round has no rank in it.
 * Throws InvalidRankingOptionError when the bootstrap kept no samples or confidence is not in (0, 1).
 */
export function rankIntervals(
  bootstrap: BootstrapResult,
  confidence = 0.95,
): Map<string, RankRange> {
  const { samples } = bootstrap;
  if (samples === undefined) throw new InvalidRankingOptionError('the bootstrap kept no samples');
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidRankingOptionError('confidence must be between 0 and 1');
  }
  const policies = bootstrap.pointEstimate.policies;
  const n = policies.length;
  const rounds = n > 0 ? samples.length / n : 0;
  const ranks: number[][] = policies.map(() => []);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let round = 0; round < rounds; round++) {
    const base = round * n;
    const present = Array.from(order).filter((i) => Number.isFinite(samples[base + i] ?? NaN));
    present.sort((x, y) => (samples[base + y] ?? 0) - (samples[base + x] ?? 0));
    let rank = 1;
    present.forEach((i, position) => {
      const previous = present[position - 1];
      if (previous !== undefined && (samples[base + previous] ?? 0) > (samples[base + i] ?? 0)) {
        rank = position + 1;
      }
      ranks[i]?.push(rank);
    });
  }
  const tail = (1 - confidence) / 2;
  const ranges = new Map<string, RankRange>();
  policies.forEach((policy, i) => {
    const sorted = Float64Array.from(ranks[i] ?? []).sort();
    ranges.set(policy, {
      best: Math.floor(quantileOfSorted(sorted, tail)),
      worst: Math.ceil(quantileOfSorted(sorted, 1 - tail)),
    });
  });
  return ranges;
}

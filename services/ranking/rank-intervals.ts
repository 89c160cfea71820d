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
 * intervals that overlap pairwise do not. A policy absent from a round has no rank in it (and
 * NaN bounds if it is absent from every round).
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
  const ranks = roundRanks(samples, policies.length);
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

/** Per policy, its rank in every round where it is present (`samples[round * n + i]` finite). */
function roundRanks(samples: Float64Array, n: number): number[][] {
  const rounds = n > 0 ? samples.length / n : 0;
  const ranks: number[][] = Array.from({ length: n }, () => []);
  const order = new Int32Array(n);
  for (let round = 0; round < rounds; round++) {
    const base = round * n;
    let present = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(samples[base + i] ?? NaN)) order[present++] = i;
    const sorted = Array.from(order.subarray(0, present)).sort(
      (x, y) => (samples[base + y] ?? 0) - (samples[base + x] ?? 0),
    );
    let rank = 1;
    sorted.forEach((policy, position) => {
      const value = samples[base + policy] ?? 0;
      // Equal ratings share the better rank.
      if (position > 0 && value < (samples[base + (sorted[position - 1] ?? 0)] ?? 0)) {
        rank = position + 1;
      }
      ranks[policy]?.push(rank);
    });
  }
  return ranks;
}

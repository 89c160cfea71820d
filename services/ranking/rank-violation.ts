import { InvalidRankingOptionError } from './errors.ts';

/**
 * SIMPLER's Mean Maximum Rank Violation (Li et al. 2024, eq. 1, and simpler_env's
 * `mean_maximum_rank_violation`): for each policy i, the largest real-performance gap
 * |real_i − real_j| over the policies j that sim orders differently from real, i.e. with
 * (sim_i > sim_j) ≠ (real_i > real_j); averaged over i. A violation is weighted by how far apart
 * the policies really are, so swapping two near-equal policies costs little and swapping a clearly
 * better one costs a lot. Lower is better; 0 means sim never contradicts real.
 *
 * As in the reference code the comparisons are strict, so a tie on one side against a strict
 * order on the other counts as a violation (weighted by the real gap, 0 when real is tied). The
 * result is in the units of `real`: success rates give SIMPLER's numbers; Elo ratings give Elo.
 * NaN for no policies. Throws InvalidRankingOptionError when the lengths differ.
 */
export function meanMaximumRankViolation(sim: ArrayLike<number>, real: ArrayLike<number>): number {
  if (sim.length !== real.length) {
    throw new InvalidRankingOptionError(
      `paired values differ in length (${sim.length}, ${real.length})`,
    );
  }
  const n = sim.length;
  if (n === 0) return NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let worst = 0;
    const si = sim[i] ?? NaN;
    const ri = real[i] ?? NaN;
    for (let j = 0; j < n; j++) {
      const sj = sim[j] ?? NaN;
      const rj = real[j] ?? NaN;
      if (si > sj !== ri > rj) worst = Math.max(worst, Math.abs(ri - rj));
    }
    total += worst;
  }
  return total / n;
}

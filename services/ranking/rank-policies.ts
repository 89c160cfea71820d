import { bootstrapIntervals } from './bootstrap.ts';
import { InvalidRankingOptionError } from './errors.ts';
import { fitBradleyTerry } from './fit-bradley-terry.ts';
import { aggregateCounts, tallyPolicies } from './pair-counts.ts';
import type { Judgement, Leaderboard, LeaderboardEntry, RankOptions } from './types.ts';

/**
 * The ranker's single entry point: judgements in, leaderboard out (best first, ties in rating
 * broken by policy id). Fits Bradley-Terry with the chosen tie model and prior, then, unless
 * `bootstrapRounds` is 0, adds percentile bootstrap intervals (default 1000 rounds, seed 1).
 * Pure and deterministic. Throws InvalidJudgementError, InvalidRankingOptionError or
 * UnknownPolicyError.
 */
export function rankPolicies(
  judgements: readonly Judgement[],
  options: RankOptions = {},
): Leaderboard {
  const rounds = options.bootstrapRounds ?? 1000;
  if (!Number.isInteger(rounds) || rounds < 0) {
    throw new InvalidRankingOptionError('bootstrapRounds must be an integer >= 0');
  }
  const counts = aggregateCounts(judgements);
  const fitOptions = {
    ties: options.ties,
    priorStrength: options.priorStrength,
    anchor: options.anchor,
  };
  const bootstrap =
    rounds > 0
      ? bootstrapIntervals(judgements, {
          ...fitOptions,
          rounds,
          seed: options.seed,
          confidence: options.confidence,
        })
      : null;
  const fit = bootstrap?.pointEstimate ?? fitBradleyTerry(counts, fitOptions);
  const tallies = tallyPolicies(counts);

  const entries: LeaderboardEntry[] = fit.policies.map((policy, i) => {
    const interval = bootstrap?.intervals.get(policy);
    const tally = tallies.get(policy) ?? { comparisons: 0, wins: 0, losses: 0, ties: 0 };
    return {
      policy,
      rating: fit.ratings[i] ?? NaN,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
      ...tally,
    };
  });
  entries.sort((x, y) => y.rating - x.rating || (x.policy < y.policy ? -1 : 1));
  return {
    entries,
    tieParameter: fit.tieParameter,
    converged: fit.converged,
    iterations: fit.iterations,
    disconnected: fit.disconnected,
    components: fit.components,
    warnings: bootstrap?.warnings ?? fit.warnings,
  };
}

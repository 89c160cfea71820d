import { fillTableCounts } from './battle-table.ts';
import type { BattleTable } from './battle-table.ts';
import { DEFAULT_CONFIDENCE, resolveBootstrapRounds } from './bootstrap-options.ts';
import { bootstrapTable } from './bootstrap-table.ts';
import type { TableBootstrapResult } from './bootstrap-table.ts';
import { fitBradleyTerry } from './fit-bradley-terry.ts';
import { emptyPairCounts, tallyPolicies } from './pair-counts.ts';
import type { PolicyTally } from './pair-counts.ts';
import { rankIntervals } from './rank-intervals.ts';
import type { FitResult, LeaderboardEntry, RankOptions } from './types.ts';

export type BattleRankOptions = Pick<
  RankOptions,
  'bootstrapRounds' | 'seed' | 'ties' | 'priorStrength' | 'anchor' | 'confidence'
>;

/** A leaderboard entry whose rank and rank range are always present. */
export interface BattleLeaderboardEntry extends LeaderboardEntry {
  readonly rank: number;
  readonly rankBest: number | null;
  readonly rankWorst: number | null;
}

export interface BattleLeaderboard {
  /** Best first. */
  readonly entries: readonly BattleLeaderboardEntry[];
  readonly tieParameter: number | null;
  readonly converged: boolean;
  readonly disconnected: boolean;
  readonly warnings: readonly string[];
  readonly fit: FitResult;
  /** Null when `bootstrapRounds` is 0. */
  readonly bootstrap: TableBootstrapResult | null;
}

/**
 * The leaderboard of a battle table, best first (ties in rating broken by policy id): the
 * Bradley-Terry fit, unless `bootstrapRounds` is 0 the percentile bootstrap intervals
 * (bootstrapTable) and the rank ranges of its rounds, and each policy's raw counts. rankPolicies
 * adds its analytic intervals and fit test to this; `arena rank` prints it. Works on aggregated
 * patterns, so it scales to millions of battles. Throws InvalidRankingOptionError or
 * UnknownPolicyError.
 */
export function rankBattleTable(
  table: BattleTable,
  options: BattleRankOptions = {},
): BattleLeaderboard {
  const rounds = resolveBootstrapRounds(options.bootstrapRounds);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const fitOptions = {
    ties: options.ties,
    priorStrength: options.priorStrength,
    anchor: options.anchor,
  };
  const counts = fillTableCounts(table, emptyPairCounts(table));
  const bootstrap =
    rounds > 0
      ? bootstrapTable(table, { ...fitOptions, rounds, seed: options.seed, confidence })
      : null;
  const fit = bootstrap?.pointEstimate ?? fitBradleyTerry(counts, fitOptions);
  const entries = leaderboardEntries(fit, bootstrap, tallyPolicies(counts), confidence);
  return {
    entries,
    tieParameter: fit.tieParameter,
    converged: fit.converged,
    disconnected: fit.disconnected,
    warnings: bootstrap?.warnings ?? fit.warnings,
    fit,
    bootstrap,
  };
}

/**
 * A leaderboard's entries, best first (ties in rating broken by policy id): each policy's
 * rating, its percentile interval and rank range when there was a bootstrap, and its tally.
 * Shared by the Bradley-Terry and the Plackett-Luce leaderboards.
 */
export function leaderboardEntries(
  fit: FitResult,
  bootstrap: TableBootstrapResult | null,
  tallies: ReadonlyMap<string, PolicyTally>,
  confidence: number,
): BattleLeaderboardEntry[] {
  const ranks = bootstrap !== null ? rankIntervals(bootstrap, confidence) : null;
  const entries = fit.policies.map((policy, i) => {
    const interval = bootstrap?.intervals.get(policy);
    const range = ranks?.get(policy);
    const tally = tallies.get(policy) ?? { comparisons: 0, wins: 0, losses: 0, ties: 0 };
    return {
      policy,
      rating: fit.ratings[i] ?? NaN,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
      ...tally,
      rankBest: range?.best ?? null,
      rankWorst: range?.worst ?? null,
    };
  });
  entries.sort((x, y) => y.rating - x.rating || (x.policy < y.policy ? -1 : 1));
  return entries.map((entry, position) => ({ ...entry, rank: position + 1 }));
}

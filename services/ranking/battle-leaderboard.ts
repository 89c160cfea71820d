import { bootstrapTable } from './battle-bootstrap.ts';
import { rankRangesFromSamples } from './battle-rank-ranges.ts';
import { emptyTableCounts, fillTableCounts } from './battle-table.ts';
import type { BattleTable } from './battle-table.ts';
import { InvalidRankingOptionError } from './errors.ts';
import { fitBradleyTerry } from './fit-bradley-terry.ts';
import { tallyPolicies } from './pair-counts.ts';
import type { FitResult, TieModel } from './types.ts';

export interface BattleRankOptions {
  /** Default 1000; 0 skips the bootstrap (no intervals, no rank ranges). */
  readonly bootstrapRounds?: number;
  readonly seed?: number;
  readonly ties?: TieModel;
  /** See FitOptions.priorStrength; the library's default 0.1 when undefined. */
  readonly priorStrength?: number;
  readonly anchor?: string;
  readonly confidence?: number;
}

export interface BattleLeaderboardEntry {
  readonly rank: number;
  readonly policy: string;
  readonly rating: number;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Best and worst rank in the central `confidence` share of bootstrap rounds. */
  readonly rankBest: number | null;
  readonly rankWorst: number | null;
  readonly comparisons: number;
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
}

export interface BattleLeaderboard {
  /** Best first. */
  readonly entries: readonly BattleLeaderboardEntry[];
  readonly tieParameter: number | null;
  readonly converged: boolean;
  readonly disconnected: boolean;
  readonly warnings: readonly string[];
  readonly fit: FitResult;
}

/**
 * The leaderboard of a battle table: rankPolicies's answer (same fit, same meaning of the
 * bootstrap) computed on aggregated patterns so that it scales to millions of battles, plus
 * rank ranges from the bootstrap draws.
 */
export function rankBattleTable(
  table: BattleTable,
  options: BattleRankOptions = {},
): BattleLeaderboard {
  const rounds = options.bootstrapRounds ?? 1000;
  if (!Number.isInteger(rounds) || rounds < 0) {
    throw new InvalidRankingOptionError('bootstrapRounds must be an integer >= 0');
  }
  const fitOptions = {
    ties: options.ties,
    priorStrength: options.priorStrength,
    anchor: options.anchor,
  };
  const counts = fillTableCounts(table, emptyTableCounts(table));
  const bootstrap =
    rounds > 0
      ? bootstrapTable(table, {
          ...fitOptions,
          rounds,
          seed: options.seed,
          confidence: options.confidence,
        })
      : null;
  const fit = bootstrap?.pointEstimate ?? fitBradleyTerry(counts, fitOptions);
  const tallies = tallyPolicies(counts);
  const rankRanges = bootstrap
    ? rankRangesFromSamples(bootstrap.samples, table.policies.length, options.confidence ?? 0.95)
    : null;
  const entries = fit.policies.map((policy, i) => {
    const interval = bootstrap?.intervals.get(policy);
    const tally = tallies.get(policy) ?? { comparisons: 0, wins: 0, losses: 0, ties: 0 };
    const range = rankRanges?.[i] ?? null;
    return {
      policy,
      rating: fit.ratings[i] ?? NaN,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
      rankBest: range?.best ?? null,
      rankWorst: range?.worst ?? null,
      ...tally,
    };
  });
  entries.sort((x, y) => y.rating - x.rating || (x.policy < y.policy ? -1 : 1));
  return {
    entries: entries.map((entry, i) => ({ rank: i + 1, ...entry })),
    tieParameter: fit.tieParameter,
    converged: fit.converged,
    disconnected: fit.disconnected,
    warnings: bootstrap?.warnings ?? fit.warnings,
    fit,
  };
}

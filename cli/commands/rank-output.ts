import type { BattleLeaderboard } from '../../services/ranking/battle-leaderboard.ts';
import type { TieModel } from '../../services/ranking/index.ts';
import { formatLeaderboard } from '../leaderboard-table.ts';

/** The leaderboard as an aligned text table, best first, to a tenth of an Elo point. */
export function formatBattleLeaderboard(board: BattleLeaderboard): string {
  return formatLeaderboard(board.entries, { decimals: 1 });
}

export interface RankSettings {
  readonly ties: TieModel;
  readonly priorStrength: number;
  readonly rounds: number;
  readonly seed: number;
  readonly warnings: readonly string[];
}

/**
 * The `--json` form: settings, then policies best first with snake_case fields. Ratings keep
 * 1e-6 Elo so that other implementations can be compared at that precision.
 */
export function battleLeaderboardJson(board: BattleLeaderboard, settings: RankSettings): string {
  const round = (x: number | null, digits: number) =>
    x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;
  return JSON.stringify(
    {
      ties: settings.ties,
      prior_strength: settings.priorStrength,
      bootstrap_rounds: settings.rounds,
      seed: settings.seed,
      tie_parameter: round(board.tieParameter, 6),
      converged: board.converged,
      disconnected: board.disconnected,
      warnings: settings.warnings,
      policies: board.entries.map((e) => ({
        rank: e.rank,
        policy: e.policy,
        rating: round(e.rating, 6),
        ci_low: round(e.ciLow, 3),
        ci_high: round(e.ciHigh, 3),
        rank_best: e.rankBest,
        rank_worst: e.rankWorst,
        comparisons: e.comparisons,
        wins: e.wins,
        losses: e.losses,
        ties: e.ties,
      })),
    },
    null,
    2,
  );
}

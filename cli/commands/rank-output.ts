import type { BattleLeaderboard } from '../../services/ranking/battle-leaderboard.ts';
import type { TieModel } from '../../services/ranking/index.ts';

/** The leaderboard as an aligned text table, best first. */
export function formatBattleLeaderboard(board: BattleLeaderboard): string {
  const header = [
    'rank',
    'policy',
    'rating',
    '95% interval',
    'rank range',
    'comparisons',
    'W / L / T',
  ];
  const body = board.entries.map((e) => [
    String(e.rank),
    e.policy,
    e.rating.toFixed(1),
    e.ciLow === null || e.ciHigh === null ? '—' : `${e.ciLow.toFixed(1)} – ${e.ciHigh.toFixed(1)}`,
    e.rankBest === null || e.rankWorst === null || Number.isNaN(e.rankBest)
      ? '—'
      : e.rankBest === e.rankWorst
        ? String(e.rankBest)
        : `${e.rankBest} – ${e.rankWorst}`,
    String(e.comparisons),
    `${e.wins} / ${e.losses} / ${e.ties}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 1 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  return [format(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(format)].join(
    '\n',
  );
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

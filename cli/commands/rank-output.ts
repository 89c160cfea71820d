import type { BattleLeaderboard } from '../../services/ranking/battle-leaderboard.ts';
import type { TieModel } from '../../services/ranking/index.ts';
import { formatLeaderboard } from '../leaderboard-table.ts';

/** The leaderboard as an aligned text table, best first, to a tenth of an Elo point. */
export function formatBattleLeaderboard(board: BattleLeaderboard): string {
  return formatLeaderboard(board.entries, { decimals: 1 });
}

/** Which model `arena rank` fitted, and to what. */
export type FittedModel =
  | {
      readonly name: 'bradley-terry';
      readonly ties: TieModel;
      readonly battles: number;
      readonly rankings: 0;
    }
  | {
      readonly name: 'plackett-luce';
      /** A tied group is the average of its orderings: half a win each way for two. */
      readonly ties: 'half';
      /** Pairwise battles, fitted as rankings of two. */
      readonly battles: number;
      /** K-wise ranking records, and the fewest and most policies one ranks. */
      readonly rankings: number;
      readonly smallestK: number;
      readonly largestK: number;
    };

/** The lines under the text table that say what was fitted (and how to read the counts). */
export function describeModel(model: FittedModel, board: BattleLeaderboard): string {
  if (model.name === 'bradley-terry') {
    const ties = model.ties === 'half' ? 'a tie counts as half a win each way' : 'Davidson ties';
    const line = `model: Bradley-Terry over ${model.battles} battles; ${ties}`;
    return board.tieParameter === null
      ? line
      : `${line}\nDavidson tie parameter nu = ${board.tieParameter.toFixed(3)}`;
  }
  const k =
    model.smallestK === model.largestK
      ? `K = ${model.smallestK}`
      : `K = ${model.smallestK} to ${model.largestK}`;
  const battles =
    model.battles === 0
      ? ''
      : model.battles === 1
        ? ' and 1 battle as a ranking of two'
        : ` and ${model.battles} battles as rankings of two`;
  return [
    `model: Plackett-Luce over ${model.rankings} ranking${model.rankings === 1 ? '' : 's'} (${k})${battles}`,
    'ties: a tied group counts as the average of its orderings (half a win each way for two)',
    'comparisons: rankings a policy is in; W / L / T: policies it placed below / above / level',
  ].join('\n');
}

export interface RankSettings {
  readonly model: FittedModel;
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
  const { model } = settings;
  return JSON.stringify(
    {
      model: model.name,
      ties: model.ties,
      battles: model.battles,
      rankings: model.rankings,
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

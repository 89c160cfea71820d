import { leaderboardEntries } from './battle-leaderboard.ts';
import type { BattleLeaderboard, BattleRankOptions } from './battle-leaderboard.ts';
import { DEFAULT_CONFIDENCE, resolveBootstrapRounds } from './bootstrap-options.ts';
import { clusterJudgements } from './cluster-judgements.ts';
import { fitRankingTable } from './fit-plackett-luce.ts';
import { bootstrapRankingTable } from './plackett-luce-bootstrap.ts';
import { tallyPolicies } from './pair-counts.ts';
import type { PolicyTally } from './pair-counts.ts';
import {
  emptyRankingStages,
  fillRankingStages,
  rankingTableFromJudgements,
} from './ranking-table.ts';
import type { RankingTable } from './ranking-table.ts';
import type { ClusterBy, RankingJudgement } from './types.ts';

/** Plackett-Luce has no tie model to choose: a tied group is the average of its orderings. */
export type PlackettLuceRankOptions = Omit<BattleRankOptions, 'ties'>;

/**
 * The Plackett-Luce leaderboard of rankings (pairwise judgements enter as rankings of two, see
 * toRankingJudgement), in the shape of the Bradley-Terry one: rating, percentile bootstrap
 * interval and rank range (default 1000 rounds, seed 1; none when `bootstrapRounds` is 0), and
 * tallies. Resampling units are rankings, or comparisons (a shared comparisonId), or clusters
 * under `clusterBy`. Throws InvalidJudgementError, InvalidRankingOptionError or
 * UnknownPolicyError.
 */
export function rankRankings(
  rankings: readonly RankingJudgement[],
  options: PlackettLuceRankOptions & { readonly clusterBy?: ClusterBy<RankingJudgement> } = {},
): BattleLeaderboard {
  resolveBootstrapRounds(options.bootstrapRounds); // option errors before data errors
  return rankRankingTable(
    rankingTableFromJudgements(clusterJudgements(rankings, options.clusterBy)),
    options,
  );
}

/**
 * rankRankings on a ranking table (what `arena rank` builds from a file). `comparisons` counts
 * the rankings a policy is in; wins / losses / ties count the policies it was placed above,
 * below and level with (for pairwise battles, the usual counts).
 */
export function rankRankingTable(
  table: RankingTable,
  options: PlackettLuceRankOptions = {},
): BattleLeaderboard {
  const rounds = resolveBootstrapRounds(options.bootstrapRounds);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const fitOptions = { priorStrength: options.priorStrength, anchor: options.anchor };
  const bootstrap =
    rounds > 0
      ? bootstrapRankingTable(table, { ...fitOptions, rounds, seed: options.seed, confidence })
      : null;
  const fit = bootstrap?.pointEstimate ?? fitRankingTable(table, fitOptions);
  const entries = leaderboardEntries(fit, bootstrap, rankingTallies(table), confidence);
  return {
    entries,
    tieParameter: null,
    converged: fit.converged,
    disconnected: fit.disconnected,
    warnings: bootstrap?.warnings ?? fit.warnings,
    fit,
    bootstrap,
  };
}

/** Per policy: rankings it is in, and policies it was placed above, below and level with. */
function rankingTallies(table: RankingTable): Map<string, PolicyTally> {
  const stages = fillRankingStages(table, emptyRankingStages(table));
  const pairwise = tallyPolicies(stages.impliedCounts);
  return new Map(
    table.policies.map((policy, i) => {
      const { wins, losses, ties } = pairwise.get(policy) ?? { wins: 0, losses: 0, ties: 0 };
      return [policy, { comparisons: stages.appearances[i] ?? 0, wins, losses, ties }];
    }),
  );
}

import {
  aggregateCounts,
  fitBradleyTerry,
  planComparisons,
  rankPolicies,
  type Judgement,
} from '../ranking/index.ts';

/** Bootstrap rounds of a campaign's published intervals. */
export const campaignBootstrapRounds = 1000;
/** Fixed so that the same judgements always give the same intervals. */
const bootstrapSeed = 1;
/** Misfitting pairs shown with the fit test: the ones with the largest standardized residuals. */
const worstPairsShown = 3;

export interface LeaderboardRow {
  policyId: string;
  policy: string;
  rating: number;
  /** 95% percentile bootstrap interval (resampling whole comparisons). */
  ciLow: number | null;
  ciHigh: number | null;
  /** 95% interval from the sandwich (robust) covariance. */
  analyticLow: number | null;
  analyticHigh: number | null;
  /** Best and worst rank over the central 95% of bootstrap rounds. */
  rankBest: number | null;
  rankWorst: number | null;
  comparisons: number;
  wins: number;
  losses: number;
  ties: number;
  /**
   * Further paired comparisons against the next policy down needed to tell the two apart at 95%
   * with 80% power; null for the last policy or when their ratings are indistinguishable.
   */
  toSeparateFromNext: number | null;
}

export interface FitCheck {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Pairs whose observed results stray most from the model (names, score rates, z). */
  worstPairs: { a: string; b: string; observedScore: number; predictedScore: number; z: number }[];
}

export interface RatingSnapshot {
  campaignId: string;
  fittedAt: string;
  judgementCount: number;
  /** Davidson's tie parameter nu. */
  tieParameter: number | null;
  disconnected: boolean;
  warnings: string[];
  /** Null before there are judgements, or when the test has no degrees of freedom. */
  fit: FitCheck | null;
  /** Best first. */
  leaderboard: LeaderboardRow[];
}

/**
 * The published ranking of a campaign: Bradley-Terry with Davidson ties, bootstrap and sandwich
 * intervals, rank ranges, a goodness-of-fit test and, for each neighbour on the leaderboard, how
 * many more comparisons would separate them. Pure: judgements and names in, snapshot out.
 */
export function buildRatingSnapshot(
  campaignId: string,
  judgements: readonly Judgement[],
  nameOf: ReadonlyMap<string, string>,
  fittedAt: string,
): RatingSnapshot {
  const name = (id: string): string => nameOf.get(id) ?? id;
  if (judgements.length === 0) {
    return {
      campaignId,
      fittedAt,
      judgementCount: 0,
      tieParameter: null,
      disconnected: false,
      warnings: [],
      fit: null,
      leaderboard: [],
    };
  }
  const board = rankPolicies(judgements, {
    bootstrapRounds: campaignBootstrapRounds,
    seed: bootstrapSeed,
  });
  const pointFit = fitBradleyTerry(aggregateCounts(judgements));
  const entries = board.entries;
  const leaderboard = entries.map((e, i): LeaderboardRow => {
    const next = entries[i + 1];
    const plan =
      next === undefined ? null : planComparisons(judgements, e.policy, next.policy, {}, pointFit);
    return {
      policyId: e.policy,
      policy: name(e.policy),
      rating: e.rating,
      ciLow: e.ciLow,
      ciHigh: e.ciHigh,
      analyticLow: e.analyticLow ?? null,
      analyticHigh: e.analyticHigh ?? null,
      rankBest: e.rankBest ?? null,
      rankWorst: e.rankWorst ?? null,
      comparisons: e.comparisons,
      wins: e.wins,
      losses: e.losses,
      ties: e.ties,
      toSeparateFromNext: plan?.furtherComparisons ?? null,
    };
  });
  const gof = board.goodnessOfFit ?? null;
  const fit: FitCheck | null =
    gof === null || gof.degreesOfFreedom <= 0
      ? null
      : {
          statistic: gof.statistic,
          degreesOfFreedom: gof.degreesOfFreedom,
          pValue: gof.pValue,
          worstPairs: [...gof.pairs]
            .sort((x, y) => Math.abs(y.standardizedResidual) - Math.abs(x.standardizedResidual))
            .slice(0, worstPairsShown)
            .map((p) => ({
              a: name(p.a),
              b: name(p.b),
              observedScore: p.observedScore,
              predictedScore: p.predictedScore,
              z: p.standardizedResidual,
            })),
        };
  return {
    campaignId,
    fittedAt,
    judgementCount: judgements.length,
    tieParameter: board.tieParameter,
    disconnected: board.disconnected,
    warnings: [...board.warnings],
    fit,
    leaderboard,
  };
}

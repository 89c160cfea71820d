import {
  aggregateCounts,
  davidsonProbabilities,
  fitBradleyTerry,
  planComparisons,
  rankPolicies,
  type Judgement,
} from '../ranking/index.ts';
import type {
  LeaderboardRow,
  FitCheck,
  RatingSnapshot,
  MatchupMatrix,
} from '../../contract/rating-snapshot.ts';
export type { LeaderboardRow, FitCheck, RatingSnapshot, MatchupMatrix };

/** Bootstrap rounds of a campaign's published intervals. */
export const campaignBootstrapRounds = 1000;
/** Fixed so that the same judgements always give the same intervals. */
const bootstrapSeed = 1;
/** Misfitting pairs shown with the fit test: the ones with the largest standardized residuals. */
const worstPairsShown = 3;

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
      matchups: null,
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
    matchups: matchupMatrix(
      leaderboard.map((row) => row.policyId),
      pointFit,
      name,
    ),
  };
}

/** Davidson probabilities for every ordered pair of `order` (policy ids) under `pointFit`. */
function matchupMatrix(
  order: readonly string[],
  pointFit: ReturnType<typeof fitBradleyTerry>,
  name: (id: string) => string,
): MatchupMatrix {
  const index = new Map(pointFit.policies.map((p, i) => [p, i]));
  const component = new Map<string, number>();
  pointFit.components.forEach((members, c) => {
    for (const member of members) component.set(member, c);
  });
  // The 'half' tie model has no nu; the leaderboard's fit is Davidson, where 0 means no ties.
  const nu = pointFit.tieParameter ?? 0;
  const win: (number | null)[][] = [];
  const tie: (number | null)[][] = [];
  for (const a of order) {
    const winRow: (number | null)[] = [];
    const tieRow: (number | null)[] = [];
    for (const b of order) {
      const i = index.get(a);
      const j = index.get(b);
      if (a === b || i === undefined || j === undefined || component.get(a) !== component.get(b)) {
        winRow.push(null);
        tieRow.push(null);
        continue;
      }
      const p = davidsonProbabilities(
        (pointFit.logStrengths[i] ?? 0) - (pointFit.logStrengths[j] ?? 0),
        nu,
      );
      winRow.push(p.win);
      tieRow.push(p.tie);
    }
    win.push(winRow);
    tie.push(tieRow);
  }
  return { policies: order.map(name), win, tie };
}

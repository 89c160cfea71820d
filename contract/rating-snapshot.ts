import { z } from 'zod';

const nullableNumber = z.number().nullable();

export const leaderboardRow = z.object({
  policyId: z.string(),
  policy: z.string(),
  rating: z.number(),
  ciLow: nullableNumber.describe(
    '95% percentile bootstrap interval (resampling whole comparisons).',
  ),
  ciHigh: nullableNumber,
  analyticLow: nullableNumber.describe('95% interval from the sandwich (robust) covariance.'),
  analyticHigh: nullableNumber,
  rankBest: nullableNumber.describe('Best rank over the central 95% of bootstrap rounds.'),
  rankWorst: nullableNumber.describe('Worst rank over the central 95% of bootstrap rounds.'),
  comparisons: z.number(),
  wins: z.number(),
  losses: z.number(),
  ties: z.number(),
  toSeparateFromNext: nullableNumber.describe(
    'Further paired comparisons against the next policy down needed to tell the two apart at 95% ' +
      'with 80% power; null for the last policy or when their ratings are indistinguishable.',
  ),
});
export type LeaderboardRow = z.infer<typeof leaderboardRow>;

export const fitCheck = z.object({
  statistic: z.number(),
  degreesOfFreedom: z.number(),
  pValue: z.number(),
  worstPairs: z
    .array(
      z.object({
        a: z.string(),
        b: z.string(),
        observedScore: z.number(),
        predictedScore: z.number(),
        z: z.number(),
      }),
    )
    .describe('Pairs whose observed results stray most from the model (names, score rates, z).'),
});
export type FitCheck = z.infer<typeof fitCheck>;

/**
 * Predicted outcome probabilities of one comparison of every row policy against every column
 * policy (both in leaderboard order), from the point fit's strengths and Davidson tie parameter.
 * Entries are null on the diagonal and between policies in different connected components,
 * whose strengths are not on one scale.
 */
export const matchupMatrix = z.object({
  policies: z.array(z.string()).describe('Policy names, the order of rows and columns.'),
  win: z.array(z.array(nullableNumber)).describe('win[i][j] = P(policy i beats policy j).'),
  tie: z
    .array(z.array(nullableNumber))
    .describe('tie[i][j] = P(tie); 0 everywhere when the data hold no ties.'),
});
export type MatchupMatrix = z.infer<typeof matchupMatrix>;

/**
 * The published ranking of a campaign: Bradley-Terry with Davidson ties, bootstrap and sandwich
 * intervals, rank ranges and a goodness-of-fit test.
 */
export const ratingSnapshot = z.object({
  campaignId: z.string(),
  fittedAt: z.string(),
  judgementCount: z.number(),
  tieParameter: nullableNumber.describe("Davidson's tie parameter nu."),
  disconnected: z.boolean(),
  warnings: z.array(z.string()),
  fit: fitCheck
    .nullable()
    .describe('Null before there are judgements, or when the test has no degrees of freedom.'),
  leaderboard: z.array(leaderboardRow).describe('Best first.'),
  matchups: matchupMatrix
    .nullable()
    .describe(
      'Predicted outcome of every pair, in leaderboard order; null before there are judgements.',
    ),
});
export type RatingSnapshot = z.infer<typeof ratingSnapshot>;

/**
 * Public API of the ranking library: pure functions from judgements (pairwise comparisons or
 * K-wise rankings) to ratings.
 */
export { rankPolicies } from './rank-policies.ts';
export { fitBradleyTerry } from './fit-bradley-terry.ts';
export { bootstrapIntervals } from './bootstrap-intervals.ts';
export { aggregateCounts, tallyPolicies } from './pair-counts.ts';
export type { PolicyTally } from './pair-counts.ts';
export { mulberry32 } from '../../lib/seeded-random.ts';
export { simulateJudgements } from './simulate-judgements.ts';
export type { SimulationSpec } from './simulate-judgements.ts';
export { BASE_RATING, ELO_PER_LOG_STRENGTH } from './elo-scale.ts';
export { InvalidJudgementError, InvalidRankingOptionError, UnknownPolicyError } from './errors.ts';
export type * from './types.ts';
export { ratingCovariance } from './rating-covariance.ts';
export type { CovarianceOptions, RatingCovariance } from './rating-covariance.ts';
export { analyticIntervals } from './analytic-intervals.ts';
export { rankIntervals } from './rank-intervals.ts';
export type { RankRange } from './rank-intervals.ts';
export {
  davidsonProbabilities,
  predictMatchup,
  predictMatchupFromBootstrap,
} from './predict-matchup.ts';
export type { MatchupPrediction } from './predict-matchup.ts';
export { goodnessOfFit } from './goodness-of-fit.ts';
export type { GoodnessOfFitOptions } from './goodness-of-fit.ts';
export { normalCdf, normalQuantile } from './normal-distribution.ts';
export { chiSquareSurvival } from './chi-square-distribution.ts';
export { fitPlackettLuce } from './fit-plackett-luce.ts';
export type { PlackettLuceOptions } from './fit-plackett-luce.ts';
export { toRankingJudgement } from './pairwise-rankings.ts';
export { bootstrapPlackettLuce } from './plackett-luce-bootstrap.ts';
export type { PlackettLuceBootstrapOptions } from './plackett-luce-bootstrap.ts';
export { rankRankings } from './plackett-luce-leaderboard.ts';
export type { PlackettLuceRankOptions } from './plackett-luce-leaderboard.ts';
export type { BattleLeaderboard, BattleLeaderboardEntry } from './battle-leaderboard.ts';
export { averageRanks, pearsonCorrelation, spearmanCorrelation } from './correlation.ts';
export { meanMaximumRankViolation } from './rank-violation.ts';
export { compareRatingSets } from './compare-rating-sets.ts';
export type { RatingSet, RatingSetComparison } from './compare-rating-sets.ts';
export { wilsonInterval } from './wilson-interval.ts';
export { autoHumanAgreement } from './auto-human-agreement.ts';
export type { AgreementRate, AutoHumanAgreement } from './auto-human-agreement.ts';
export { rankBy } from './rank-by.ts';
export type { BreakdownKey } from './rank-by.ts';
export { planComparisons } from './plan-comparisons.ts';
export type { ComparisonPlan, PlanOptions } from './plan-comparisons.ts';
export { binomialCdf, judgeQuality, withoutFlaggedJudges } from './judge-quality.ts';
export type { JudgeQuality, JudgeQualityOptions } from './judge-quality.ts';

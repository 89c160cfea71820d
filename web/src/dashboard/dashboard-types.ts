// The API's wire types, from the contract the services answer with.
export type { CampaignView } from '../../../contract/campaign-view.ts';
export type {
  FitCheck,
  LeaderboardRow,
  MatchupMatrix,
  RatingSnapshot,
} from '../../../contract/rating-snapshot.ts';
export type { RatingHistoryPoint } from '../../../contract/rating-history-point.ts';
export type { BreakdownGroup } from '../../../contract/breakdown-group.ts';
export type { CampaignThroughput } from '../../../contract/campaign-throughput.ts';
export type { ComparisonSummary } from '../../../contract/comparison-summary.ts';
export type { CampaignJudges } from '../../../contract/judge-quality.ts';

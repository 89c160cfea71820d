// The API's wire types, shared with the services so the dashboard cannot drift from them.
export type { CampaignView } from '../../../services/campaigns/campaign-view.ts';
export type {
  FitCheck,
  LeaderboardRow,
  MatchupMatrix,
  RatingSnapshot,
} from '../../../services/ranker/rating-snapshot.ts';
export type { RatingHistoryPoint } from '../../../services/ranker/rating-history.ts';
export type { BreakdownGroup } from '../../../services/ranker/campaign-analysis.ts';
export type { CampaignThroughput } from '../../../services/comparisons/campaign-throughput.ts';
export type { ComparisonSummary } from '../../../services/comparisons/recent-comparisons.ts';

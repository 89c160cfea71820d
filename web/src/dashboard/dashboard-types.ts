// The API's wire types, shared with the services so the dashboard cannot drift from them.
export type { CampaignView } from '../../../services/campaigns/campaign-view.ts';
export type {
  FitCheck,
  LeaderboardRow,
  RatingSnapshot,
} from '../../../services/ranker/rating-snapshot.ts';

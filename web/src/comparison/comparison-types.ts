// The API's wire type, shared with the services so the page cannot drift from it.
export type {
  ComparisonDetail,
  EpisodeMetrics,
  JudgementDetail,
} from '../../../services/comparisons/comparison-detail.ts';

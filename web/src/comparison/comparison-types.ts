// The API's wire type, from the contract the services answer with.
export type {
  ComparisonDetail,
  EpisodeMetrics,
  JudgementDetail,
} from '../../../contract/comparison-detail.ts';

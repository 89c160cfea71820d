import type { z } from 'zod';
import { autoHumanAgreement } from './auto-human-agreement.ts';
import { breakdownGroup } from './breakdown-group.ts';
import { campaignComparison } from './campaign-comparison.ts';
import { campaignThroughput } from './campaign-throughput.ts';
import { campaignProgress, campaignView } from './campaign-view.ts';
import { comparisonDetail, episodeMetrics, judgementDetail } from './comparison-detail.ts';
import { comparisonPlan } from './comparison-plan.ts';
import { comparisonSummary } from './comparison-summary.ts';
import { errorBody, problem } from './error-body.ts';
import { judgingTicket } from './judging-ticket.ts';
import {
  campaignStatus,
  comparisonStatus,
  judgementOutcome,
  judgementSource,
  pairingStrategy,
  policyKind,
  stationPhase,
  stationTermination,
} from './literals.ts';
import { policyHealth } from './policy-health.ts';
import { policyView } from './policy-view.ts';
import { ratingHistoryPoint } from './rating-history-point.ts';
import { fitCheck, leaderboardRow, matchupMatrix, ratingSnapshot } from './rating-snapshot.ts';
import { replayTrajectory } from './replay-trajectory.ts';
import {
  campaignRequest,
  policyRequest,
  stationEvaluationRequest,
  stationSignalRequest,
  taskRequest,
  voteRequest,
} from './request-schemas.ts';
import { stationEpisodeSummary, stationStatus } from './station-status.ts';
import { taskView } from './task-view.ts';

/*
 * The schemas the OpenAPI document names under `components.schemas`, so a reader (and a code
 * generator) sees `CampaignView` once instead of its fields inlined in every route. Requests are
 * documented as they are sent and responses as they are answered, so the two are kept apart.
 */

const literals = {
  PolicyKind: policyKind,
  CampaignStatus: campaignStatus,
  PairingStrategy: pairingStrategy,
  ComparisonStatus: comparisonStatus,
  JudgementSource: judgementSource,
  JudgementOutcome: judgementOutcome,
  StationPhase: stationPhase,
  StationTermination: stationTermination,
};

export const namedRequestSchemas: Readonly<Record<string, z.ZodType>> = {
  ...literals,
  PolicyRequest: policyRequest,
  TaskRequest: taskRequest,
  CampaignRequest: campaignRequest,
  VoteRequest: voteRequest,
  StationSignalRequest: stationSignalRequest,
  StationEvaluationRequest: stationEvaluationRequest,
};

export const namedResponseSchemas: Readonly<Record<string, z.ZodType>> = {
  ...literals,
  Problem: problem,
  ErrorBody: errorBody,
  PolicyView: policyView,
  PolicyHealth: policyHealth,
  TaskView: taskView,
  CampaignProgress: campaignProgress,
  CampaignView: campaignView,
  CampaignThroughput: campaignThroughput,
  ComparisonSummary: comparisonSummary,
  EpisodeMetrics: episodeMetrics,
  JudgementDetail: judgementDetail,
  ComparisonDetail: comparisonDetail,
  LeaderboardRow: leaderboardRow,
  FitCheck: fitCheck,
  MatchupMatrix: matchupMatrix,
  RatingSnapshot: ratingSnapshot,
  RatingHistoryPoint: ratingHistoryPoint,
  BreakdownGroup: breakdownGroup,
  AutoHumanAgreement: autoHumanAgreement,
  ComparisonPlan: comparisonPlan,
  CampaignComparison: campaignComparison,
  ReplayTrajectory: replayTrajectory,
  JudgingTicket: judgingTicket,
  StationEpisodeSummary: stationEpisodeSummary,
  StationStatus: stationStatus,
};

import type { FlowJob } from 'bullmq';
import { comparisonQueueName, rolloutQueueName } from '../../queue/names.ts';
import { keepCompletedJobs, keepFailedJobs } from '../../queue/retention.ts';
import { stationQueueName, type StationJobData } from '../../queue/station-job.ts';
import type { Perturbation } from '../../sim/index.ts';
import {
  rolloutJobId,
  type ComparisonJobData,
  type RolloutJobData,
  type RolloutPolicy,
} from '../../queue/rollout-job.ts';

const rolloutAttempts = 3;
/**
 * Recording a comparison fails only while the database is away; ten attempts with exponential
 * backoff from 1 s wait out an outage of about eight and a half minutes before the comparison is
 * given up (and replaced by the scheduler's reconcile).
 */
const comparisonAttempts = 10;
const retryBackoffMs = 1_000;

export type ComparisonFlowSpec = SimComparisonSpec | StationComparisonSpec;

export interface SimComparisonSpec {
  kind: 'sim';
  comparisonId: string;
  campaignId: string;
  simTask: string;
  episodeSeed: number;
  policyA: RolloutPolicy;
  policyB: RolloutPolicy;
  /** Both rollouts run under it; null means the task as designed. */
  perturbation: Perturbation | null;
  /** The API request that started the campaign; null or absent when none is known. */
  requestId?: string | null;
}

/** A real-robot comparison: one job on the station's queue runs A, then B, then waits for scores. */
export interface StationComparisonSpec {
  kind: 'station';
  comparisonId: string;
  campaignId: string;
  job: StationJobData;
  /** The API request that started the campaign; null or absent when none is known. */
  requestId?: string | null;
}

/**
 * The BullMQ flow of one comparison: a parent job (recorded by services) whose children are the
 * A and B rollouts from the same initial-state seed, or for a real robot the one station job
 * that runs both. Every job has a fixed id derived from the comparison id, so adding the same
 * flow twice does not run anything twice.
 */
export function comparisonFlow(spec: ComparisonFlowSpec): FlowJob {
  const data: ComparisonJobData = {
    comparisonId: spec.comparisonId,
    campaignId: spec.campaignId,
    ...traced(spec.requestId),
  };
  return {
    name: 'comparison',
    queueName: comparisonQueueName,
    data,
    opts: {
      jobId: spec.comparisonId,
      attempts: comparisonAttempts,
      backoff: { type: 'exponential', delay: retryBackoffMs },
      removeOnComplete: keepCompletedJobs,
      removeOnFail: keepFailedJobs,
    },
    children: spec.kind === 'sim' ? simRollouts(spec) : [stationRun(spec)],
  };
}

function simRollouts(spec: SimComparisonSpec): FlowJob[] {
  const rollout = (side: 'A' | 'B', policy: RolloutPolicy): FlowJob => {
    const data: RolloutJobData = {
      comparisonId: spec.comparisonId,
      side,
      task: spec.simTask,
      seed: spec.episodeSeed,
      policy,
      ...(spec.perturbation === null ? {} : { perturbation: spec.perturbation }),
      ...traced(spec.requestId),
    };
    return {
      name: 'rollout',
      queueName: rolloutQueueName,
      data,
      opts: {
        jobId: rolloutJobId(spec.comparisonId, side),
        attempts: rolloutAttempts,
        backoff: { type: 'exponential', delay: retryBackoffMs },
        // A rollout that keeps crashing must not block its comparison forever: the parent still
        // runs and records the comparison as failed.
        ignoreDependencyOnFailure: true,
        removeOnComplete: keepCompletedJobs,
        removeOnFail: keepFailedJobs,
      },
    };
  };
  return [rollout('A', spec.policyA), rollout('B', spec.policyB)];
}

function stationRun(spec: StationComparisonSpec): FlowJob {
  return {
    name: 'station-comparison',
    queueName: stationQueueName(spec.job.station),
    data: { ...spec.job, ...traced(spec.requestId) },
    opts: {
      jobId: spec.comparisonId,
      // A robot episode is not repeated behind the evaluator's back: a crashed station resumes
      // the same job (its finished episodes are in the job data) when it restarts.
      attempts: 1,
      ignoreDependencyOnFailure: true,
      removeOnComplete: keepCompletedJobs,
      removeOnFail: keepFailedJobs,
    },
  };
}

/** Job data carries a request id only when there is one, so older jobs and new ones look alike. */
function traced(requestId: string | null | undefined): { requestId?: string } {
  return requestId === null || requestId === undefined ? {} : { requestId };
}

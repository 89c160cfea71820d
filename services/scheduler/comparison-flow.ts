import type { FlowJob } from 'bullmq';
import { comparisonQueueName, rolloutQueueName } from '../../queue/names.ts';
import type { Perturbation } from '../../sim/index.ts';
import {
  rolloutJobId,
  type ComparisonJobData,
  type RolloutJobData,
} from '../../queue/rollout-job.ts';

const rolloutAttempts = 3;
const comparisonAttempts = 5;
const retryBackoffMs = 1_000;
const keepFinishedJobsS = 24 * 3600;

export interface ComparisonFlowSpec {
  comparisonId: string;
  campaignId: string;
  simTask: string;
  episodeSeed: number;
  policyA: string;
  policyB: string;
  /** Both rollouts run under it; null means the task as designed. */
  perturbation: Perturbation | null;
}

/**
 * The BullMQ flow of one comparison: a parent job (recorded by services) whose two children are
 * the A and B rollouts from the same initial-state seed. Every job has a fixed id derived from the
 * comparison id, so adding the same flow twice does not run anything twice.
 */
export function comparisonFlow(spec: ComparisonFlowSpec): FlowJob {
  const rollout = (side: 'A' | 'B', policy: string): FlowJob => {
    const data: RolloutJobData = {
      comparisonId: spec.comparisonId,
      side,
      task: spec.simTask,
      seed: spec.episodeSeed,
      policy: { kind: 'builtin', name: policy },
      ...(spec.perturbation === null ? {} : { perturbation: spec.perturbation }),
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
        removeOnComplete: { age: keepFinishedJobsS },
        removeOnFail: { age: keepFinishedJobsS },
      },
    };
  };
  const data: ComparisonJobData = { comparisonId: spec.comparisonId, campaignId: spec.campaignId };
  return {
    name: 'comparison',
    queueName: comparisonQueueName,
    data,
    opts: {
      jobId: spec.comparisonId,
      attempts: comparisonAttempts,
      backoff: { type: 'exponential', delay: retryBackoffMs },
      removeOnComplete: { age: keepFinishedJobsS },
      removeOnFail: { age: keepFinishedJobsS },
    },
    children: [rollout('A', spec.policyA), rollout('B', spec.policyB)],
  };
}

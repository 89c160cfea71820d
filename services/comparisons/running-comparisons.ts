import type { Queue } from 'bullmq';

/**
 * How many of a campaign's comparisons have a rollout on a worker right now. The database knows
 * only that a comparison is in flight; the queue knows whether a worker holds one of its
 * rollouts. Active jobs are few (one per worker process), so listing them is cheap.
 */
export async function countRunningComparisons(
  rolloutQueue: Queue,
  campaignId: string,
): Promise<number> {
  const active = await rolloutQueue.getJobs(['active']);
  const running = new Set<string>();
  for (const job of active) {
    const comparisonId = (job.data as { comparisonId?: unknown } | undefined)?.comparisonId;
    if (typeof comparisonId === 'string' && comparisonId.startsWith(`${campaignId}-`)) {
      running.add(comparisonId);
    }
  }
  return running.size;
}

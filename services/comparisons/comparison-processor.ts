import { Worker, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import { queueConnection } from '../../queue/connection.ts';
import { comparisonQueueName } from '../../queue/names.ts';
import {
  policyServerUnreachable,
  type ComparisonJobData,
  type RolloutJobResult,
} from '../../queue/rollout-job.ts';
import { markPolicyUnreachable } from '../catalog/policy-reachability.ts';
import type { StationJobResult } from '../../queue/station-job.ts';
import type { Database } from '../db/schema.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import { StagedTrajectories } from './staged-trajectories.ts';
import {
  recordComparisonResult,
  UnknownComparisonError,
  type ComparisonResult,
  type RecordedEpisode,
  type RecordOutcome,
} from './record-comparison-result.ts';
import { processLogger, type Logger } from '../../runtime/logger.ts';
import type { ArenaMetrics } from '../metrics/arena-metrics.ts';

export interface ComparisonProcessorOptions {
  redisUrl: string;
  /** Where the episodes' trajectories go; the database keeps their keys. */
  artifacts: ArtifactStore;
  queuePrefix: string;
  /** Called after a comparison's result is committed, e.g. to refit ratings and refill the queue. */
  onRecorded: (outcome: RecordOutcome) => void;
  concurrency?: number;
  /** Counts recorded comparisons and episodes. */
  metrics?: ArenaMetrics;
  logger?: Logger;
}

/**
 * Turns a finished comparison flow into rows. Runs when both rollout children have finished
 * (failed children are ignored by the flow, not fatal, so a crashed rollout still reaches here
 * and marks the comparison failed instead of leaving it queued forever).
 */
export function startComparisonProcessor(
  db: Kysely<Database>,
  options: ComparisonProcessorOptions,
): Worker<ComparisonJobData, RecordOutcome> {
  const trajectories = StagedTrajectories.open(
    options.redisUrl,
    options.queuePrefix,
    options.artifacts,
  );
  const logger = (options.logger ?? processLogger()).child({ component: 'comparison-processor' });
  const worker = new Worker<ComparisonJobData, RecordOutcome>(
    comparisonQueueName,
    async (job) => {
      const log = logger.child(jobContext(job.data));
      try {
        const { kind, result, outcome, failedRollouts } = await processComparison(
          db,
          trajectories,
          job,
        );
        options.metrics?.observeComparison(kind, result, outcome, failedRollouts);
        log.info(
          {
            kind,
            recorded: outcome.recorded,
            outcome: result.kind === 'failed' ? 'failed' : (outcome.outcome ?? 'excluded'),
            ...(result.kind === 'failed' ? { reason: result.reason } : {}),
          },
          'comparison recorded',
        );
        options.onRecorded(outcome);
        return outcome;
      } catch (error) {
        // A job left in Redis by another database (e.g. a deleted ./data) can never succeed:
        // drop it instead of retrying it.
        if (error instanceof UnknownComparisonError) {
          log.warn({ jobId: job.id, reason: error.message }, 'dropping comparison job');
          await trajectories.release(job.data.comparisonId);
          return { recorded: false, campaignId: job.data.campaignId, outcome: null };
        }
        log.warn({ err: error, attempt: job.attemptsMade + 1 }, 'recording the comparison failed');
        throw error;
      }
    },
    {
      connection: queueConnection(options.redisUrl),
      prefix: options.queuePrefix,
      concurrency: options.concurrency ?? 4,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'queue connection error'));
  worker.once('closed', () => trajectories.close());
  return worker;
}

/**
 * Reads the children's results from Redis, moves their staged trajectories into the artifact
 * store (a put under a fixed key, so a retry overwrites rather than duplicates), records the
 * rest, and only then frees the staged bytes in Redis. Exported for the idempotency test.
 */
export async function processComparisonJob(
  db: Kysely<Database>,
  trajectories: StagedTrajectories,
  job: Job<ComparisonJobData>,
): Promise<RecordOutcome> {
  return (await processComparison(db, trajectories, job)).outcome;
}

async function processComparison(
  db: Kysely<Database>,
  trajectories: StagedTrajectories,
  job: Job<ComparisonJobData>,
): Promise<ProcessedComparison> {
  const processed = await recordComparisonJob(db, trajectories, job);
  await trajectories.release(job.data.comparisonId);
  return processed;
}

/** What a comparison job recorded, and from what, for metrics and the log. */
export interface ProcessedComparison {
  kind: 'sim' | 'station';
  result: ComparisonResult;
  outcome: RecordOutcome;
  /** Rollouts that returned no episode (a failed comparison's cause). */
  failedRollouts: number;
}

/** The fields every log line about a comparison job carries. */
function jobContext(data: ComparisonJobData): Record<string, string> {
  return {
    comparisonId: data.comparisonId,
    campaignId: data.campaignId,
    ...(data.requestId === undefined ? {} : { requestId: data.requestId }),
  };
}

async function recordComparisonJob(
  db: Kysely<Database>,
  trajectories: StagedTrajectories,
  job: Job<ComparisonJobData>,
): Promise<ProcessedComparison> {
  const { kind, result, failedRollouts } = await comparisonJobResult(db, trajectories, job);
  const outcome = await recordComparisonResult(db, job.data.comparisonId, result);
  return { kind, result, outcome, failedRollouts };
}

/** Reads the children's results and moves their trajectories into the artifact store. */
async function comparisonJobResult(
  db: Kysely<Database>,
  trajectories: StagedTrajectories,
  job: Job<ComparisonJobData>,
): Promise<Omit<ProcessedComparison, 'outcome'>> {
  const values = Object.values(await job.getChildrenValues<RolloutJobResult | StationJobResult>());
  const failuresByJob = await job.getIgnoredChildrenFailures();
  const failures = Object.values(failuresByJob);
  const station = values.find(isStationResult);
  if (station !== undefined) {
    const refs = {
      A: await trajectories.store(
        { campaignId: job.data.campaignId, comparisonId: station.comparisonId, side: 'A' },
        station.episodes.A.trajectory,
      ),
      B: await trajectories.store(
        { campaignId: job.data.campaignId, comparisonId: station.comparisonId, side: 'B' },
        station.episodes.B.trajectory,
      ),
    };
    return { kind: 'station', result: stationComparisonResult(station, refs), failedRollouts: 0 };
  }
  const rollouts = values.filter((v): v is RolloutJobResult => !isStationResult(v));
  const a = rollouts.find((v) => v.side === 'A');
  const b = rollouts.find((v) => v.side === 'B');
  if (a === undefined || b === undefined) {
    await pauseUnreachablePolicies(db, job.data.comparisonId, failuresByJob);
    const reason = failures.length > 0 ? failures.join('; ') : 'a rollout result is missing';
    return {
      kind: 'sim',
      result: { kind: 'failed', reason: `rollout failed: ${reason}` },
      failedRollouts: (a === undefined ? 1 : 0) + (b === undefined ? 1 : 0),
    };
  }
  const store = async ({ trajectory, ...episode }: RolloutJobResult): Promise<RecordedEpisode> => ({
    ...episode,
    trajectoryRef: await trajectories.store(
      { campaignId: job.data.campaignId, comparisonId: episode.comparisonId, side: episode.side },
      trajectory,
    ),
  });
  return {
    kind: 'sim',
    result: { kind: 'completed', episodes: { A: await store(a), B: await store(b) } },
    failedRollouts: 0,
  };
}

/**
 * A rollout that failed because its policy's server could not be reached (after its retries)
 * takes that policy out of scheduling until its health check passes, instead of failing one
 * comparison after another and pausing the whole campaign.
 */
async function pauseUnreachablePolicies(
  db: Kysely<Database>,
  comparisonId: string,
  failuresByJob: Record<string, string>,
): Promise<void> {
  for (const [jobKey, reason] of Object.entries(failuresByJob)) {
    if (!reason.startsWith(policyServerUnreachable)) continue;
    const side = jobKey.endsWith('-A') ? 'A' : jobKey.endsWith('-B') ? 'B' : null;
    if (side === null) continue;
    const row = await db
      .selectFrom('comparisons')
      .select(['policy_a_id', 'policy_b_id'])
      .where('id', '=', comparisonId)
      .executeTakeFirst();
    if (row === undefined) continue;
    await markPolicyUnreachable(db, side === 'A' ? row.policy_a_id : row.policy_b_id, reason);
  }
}

function isStationResult(value: RolloutJobResult | StationJobResult): value is StationJobResult {
  return 'evaluation' in value;
}

/**
 * A robot episode's outcome is what its evaluator scored: progress 0-100, success only at 100.
 * Its trajectory is whatever recording the station staged, if any.
 */
function stationComparisonResult(
  { comparisonId, episodes, evaluation }: StationJobResult,
  trajectoryRefs: Record<'A' | 'B', string | null>,
) {
  const episode = (side: 'A' | 'B'): RecordedEpisode => {
    const progress = (side === 'A' ? evaluation.progressA : evaluation.progressB) / 100;
    return {
      comparisonId,
      side,
      success: progress >= 1,
      progress,
      steps: episodes[side].steps,
      durationMs: episodes[side].durationMs,
      error: episodes[side].error,
      timeToSuccessMs: null,
      pathLengthM: null,
      peakContactForceN: null,
      perturbation: null,
      trajectoryRef: trajectoryRefs[side],
      controlRate: {
        // Results of stations from before the rate was measured lack it.
        targetHz: episodes[side].targetHz ?? null,
        achievedHz: episodes[side].achievedHz ?? null,
        droppedFrames: episodes[side].droppedFrames ?? 0,
      },
    };
  };
  return {
    kind: 'completed' as const,
    episodes: { A: episode('A'), B: episode('B') },
    evaluation: {
      evaluator: evaluation.evaluator,
      outcome: evaluation.preference,
      progressA: evaluation.progressA,
      progressB: evaluation.progressB,
      comment: evaluation.comment,
    },
  };
}

export { trajectoryKey } from './staged-trajectories.ts';

import { Worker, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import { queueConnection } from '../../queue/connection.ts';
import { comparisonQueueName } from '../../queue/names.ts';
import type { ComparisonJobData, RolloutJobResult } from '../../queue/rollout-job.ts';
import type { StationJobResult } from '../../queue/station-job.ts';
import type { Database } from '../db/schema.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import { storeStationRecordings } from '../stations/store-station-recordings.ts';
import {
  recordComparisonResult,
  UnknownComparisonError,
  type RecordedEpisode,
  type RecordOutcome,
} from './record-comparison-result.ts';

export interface ComparisonProcessorOptions {
  redisUrl: string;
  /** Where the episodes' trajectories go; the database keeps their keys. */
  artifacts: ArtifactStore;
  queuePrefix: string;
  /** Called after a comparison's result is committed, e.g. to refit ratings and refill the queue. */
  onRecorded: (outcome: RecordOutcome) => void;
  concurrency?: number;
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
  const worker = new Worker<ComparisonJobData, RecordOutcome>(
    comparisonQueueName,
    async (job) => {
      try {
        const outcome = await processComparisonJob(db, options.artifacts, job);
        options.onRecorded(outcome);
        return outcome;
      } catch (error) {
        // A job left in Redis by another database (e.g. a deleted ./data) can never succeed:
        // drop it instead of retrying it.
        if (error instanceof UnknownComparisonError) {
          console.warn(`comparison processor: dropping job ${job.id}: ${error.message}`);
          return { recorded: false, campaignId: job.data.campaignId, outcome: null };
        }
        throw error;
      }
    },
    {
      connection: queueConnection(options.redisUrl),
      prefix: options.queuePrefix,
      concurrency: options.concurrency ?? 4,
    },
  );
  worker.on('error', (error) => console.error(`comparison processor: ${error.message}`));
  return worker;
}

/**
 * Reads the children's results from Redis, moves their trajectories into the artifact store (a
 * put under a fixed key, so a retry overwrites rather than duplicates) and records the rest.
 * Exported for the idempotency test.
 */
export async function processComparisonJob(
  db: Kysely<Database>,
  artifacts: ArtifactStore,
  job: Job<ComparisonJobData>,
): Promise<RecordOutcome> {
  const values = Object.values(await job.getChildrenValues<RolloutJobResult | StationJobResult>());
  const failures = Object.values(await job.getIgnoredChildrenFailures());
  const station = values.find(isStationResult);
  if (station !== undefined) {
    const recordings = await storeStationRecordings(artifacts, job.data.campaignId, station);
    return recordComparisonResult(
      db,
      job.data.comparisonId,
      stationComparisonResult(station, recordings),
    );
  }
  const rollouts = values.filter((v): v is RolloutJobResult => !isStationResult(v));
  const a = rollouts.find((v) => v.side === 'A');
  const b = rollouts.find((v) => v.side === 'B');
  if (a === undefined || b === undefined) {
    const reason = failures.length > 0 ? failures.join('; ') : 'a rollout result is missing';
    return recordComparisonResult(db, job.data.comparisonId, {
      kind: 'failed',
      reason: `rollout failed: ${reason}`,
    });
  }
  const store = (episode: RolloutJobResult): Promise<RecordedEpisode> =>
    storeTrajectory(artifacts, job.data.campaignId, episode);
  return recordComparisonResult(db, job.data.comparisonId, {
    kind: 'completed',
    episodes: { A: await store(a), B: await store(b) },
  });
}

function isStationResult(value: RolloutJobResult | StationJobResult): value is StationJobResult {
  return 'evaluation' in value;
}

/**
 * A robot episode's outcome is what its evaluator scored: progress 0-100, success only at 100.
 * Its replay is the station's recording, already in the artifact store under `recordings`.
 */
function stationComparisonResult(
  { comparisonId, episodes, evaluation }: StationJobResult,
  recordings: Record<'A' | 'B', string | null>,
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
      trajectoryRef: recordings[side],
      controlRate: {
        // Results from stations that did not yet measure their rate lack these.
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

async function storeTrajectory(
  artifacts: ArtifactStore,
  campaignId: string,
  { trajectory, ...episode }: RolloutJobResult,
): Promise<RecordedEpisode> {
  if (trajectory === null) return { ...episode, trajectoryRef: null };
  const key = trajectoryKey(campaignId, episode.comparisonId, episode.side);
  await artifacts.put(key, Buffer.from(trajectory, 'base64'));
  return { ...episode, trajectoryRef: key };
}

export function trajectoryKey(campaignId: string, comparisonId: string, side: 'A' | 'B'): string {
  return `trajectories/${campaignId}/${comparisonId}-${side}.traj`;
}

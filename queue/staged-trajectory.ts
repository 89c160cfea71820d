import type { Redis } from 'ioredis';
import type { EpisodeSide } from '../contract/literals.ts';

/**
 * A recorded trajectory on its way to the artifact store. Workers hold nothing but a Redis URL, so
 * they stage the encoded bytes under a short-lived key of their own and return only this handle;
 * the comparison processor copies the bytes into the artifact store in the services and deletes
 * the key. Job return values (kept with the job and copied into the queue's event stream) stay
 * small.
 */
export interface StagedTrajectory {
  /** The Redis key holding the encoded trajectory (binary, as `encodeTrajectory` returns it). */
  key: string;
  byteLength: number;
}

/**
 * How long a staged trajectory waits for the services: a safety net that frees the bytes of a
 * comparison nobody will ever process, long enough to outlast a services outage.
 */
export const stagedTrajectoryTtlS = 7 * 24 * 3600;

/** One key per episode: a retried rollout overwrites its own earlier attempt. */
export function stagedTrajectoryKey(
  queuePrefix: string,
  comparisonId: string,
  side: EpisodeSide,
): string {
  return `${queuePrefix}:staged-trajectory:${comparisonId}-${side}`;
}

/**
 * Stages an episode's encoded trajectory for the services to collect; put what it returns in the
 * episode's result. Sim workers and robot stations call it the same way.
 */
export async function stageTrajectory(
  redis: Redis,
  queuePrefix: string,
  episode: { comparisonId: string; side: EpisodeSide },
  encoded: Uint8Array,
): Promise<StagedTrajectory> {
  const key = stagedTrajectoryKey(queuePrefix, episode.comparisonId, episode.side);
  const bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  await redis.set(key, bytes, 'EX', stagedTrajectoryTtlS);
  return { key, byteLength: bytes.byteLength };
}

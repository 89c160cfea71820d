import { Redis } from 'ioredis';
import { stagedTrajectoryKey, type StagedTrajectory } from '../../queue/staged-trajectory.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { EpisodeSide } from '../db/schema.ts';

export class StagedTrajectoryKeyError extends Error {
  override name = 'StagedTrajectoryKeyError';
}

/**
 * Moves trajectories that workers staged in Redis into the artifact store. The copy is a put
 * under a key fixed by the comparison, so a re-delivered comparison job copies again harmlessly;
 * the staged keys are released only after the comparison's rows are committed, so a crash in
 * between loses nothing.
 */
export class StagedTrajectories {
  private constructor(
    private readonly redis: Redis,
    private readonly queuePrefix: string,
    readonly artifacts: ArtifactStore,
  ) {}

  static open(redisUrl: string, queuePrefix: string, artifacts: ArtifactStore): StagedTrajectories {
    // Rides out a Redis restart like BullMQ's own connections, instead of failing the job.
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    return new StagedTrajectories(redis, queuePrefix, artifacts);
  }

  /**
   * Copies one episode's staged trajectory into the artifact store; returns its artifact key, or
   * null when the episode recorded none or its staged bytes are gone without having been stored
   * (expired after `stagedTrajectoryTtlS`).
   */
  async store(
    episode: { campaignId: string; comparisonId: string; side: EpisodeSide },
    staged: StagedTrajectory | null | undefined,
  ): Promise<string | null> {
    if (staged === null || staged === undefined) return null;
    const expected = stagedTrajectoryKey(this.queuePrefix, episode.comparisonId, episode.side);
    if (staged.key !== expected) {
      throw new StagedTrajectoryKeyError(
        `episode ${episode.comparisonId}-${episode.side} names staged trajectory "${staged.key}", expected "${expected}"`,
      );
    }
    const key = trajectoryKey(episode.campaignId, episode.comparisonId, episode.side);
    const bytes = await this.redis.getBuffer(staged.key);
    if (bytes !== null) {
      await this.artifacts.put(key, bytes);
      return key;
    }
    // Already moved by an earlier delivery of the same comparison job?
    if ((await this.artifacts.get(key)) !== null) return key;
    console.warn(
      `comparison processor: the trajectory of ${episode.comparisonId}-${episode.side} expired before it was stored`,
    );
    return null;
  }

  /** Deletes a comparison's staged trajectories, once its rows are committed. */
  async release(comparisonId: string): Promise<void> {
    await this.redis.del(
      stagedTrajectoryKey(this.queuePrefix, comparisonId, 'A'),
      stagedTrajectoryKey(this.queuePrefix, comparisonId, 'B'),
    );
  }

  close(): void {
    this.redis.disconnect();
  }
}

export function trajectoryKey(campaignId: string, comparisonId: string, side: EpisodeSide): string {
  return `trajectories/${campaignId}/${comparisonId}-${side}.traj`;
}

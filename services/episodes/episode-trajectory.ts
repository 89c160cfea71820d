import type { Kysely } from 'kysely';
import { decodeTrajectory } from '../../sim/index.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { decodeStationRecording } from '../../queue/station-recording-codec.ts';
import { stationRecordingSuffix } from '../stations/store-station-recordings.ts';

/**
 * An episode's recorded trajectory as plain JSON (typed arrays become number arrays), the form
 * the browser's replay viewer reads. It carries the scene, the perturbation and the body poses,
 * and nothing that names the policy.
 */
export async function episodeTrajectoryJson(
  db: Kysely<Database>,
  artifacts: ArtifactStore,
  episodeId: string,
): Promise<Record<string, unknown>> {
  const episode = await db
    .selectFrom('episodes')
    .select(['trajectory_ref'])
    .where('id', '=', episodeId)
    .executeTakeFirst();
  if (episode === undefined) throw new NotFoundError('episode', episodeId);
  const bytes =
    episode.trajectory_ref === null ? null : await artifacts.get(episode.trajectory_ref);
  if (bytes === null) throw new NotFoundError('trajectory of episode', episodeId);
  // A real robot's recording: joints, commands and camera frames, already plain JSON.
  if (episode.trajectory_ref?.endsWith(stationRecordingSuffix) === true) {
    return { ...decodeStationRecording(bytes) };
  }
  const trajectory = decodeTrajectory(bytes);
  return {
    ...trajectory,
    timesS: Array.from(trajectory.timesS),
    bodyPositions: Array.from(trajectory.bodyPositions),
    bodyQuaternions: Array.from(trajectory.bodyQuaternions),
  };
}

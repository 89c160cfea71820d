import type { Kysely } from 'kysely';
import { decodeStationRecording, type StationRecording } from '../../queue/station-recording.ts';
import { decodeTrajectory, TrajectoryFormatError, type Trajectory } from '../../sim/index.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';

/** What an episode recorded: a simulated trajectory (body poses) or a robot station's recording. */
export type EpisodeRecording =
  { kind: 'sim'; trajectory: Trajectory } | { kind: 'station'; recording: StationRecording };

export interface LoadedEpisode {
  id: string;
  /** When the episode was stored (ISO); exports use it as the episode's wall-clock start. */
  createdAt: string;
  recording: EpisodeRecording;
}

/**
 * Reads and decodes an episode's stored recording, whichever kind it is, addressed as
 * `<comparison id>-<A|B>`. Throws NotFoundError (404) for an unknown episode or one that
 * recorded nothing.
 */
export async function loadEpisodeRecording(
  db: Kysely<Database>,
  artifacts: ArtifactStore,
  episodeId: string,
): Promise<LoadedEpisode> {
  const episode = await db
    .selectFrom('episodes')
    .select(['trajectory_ref', 'created_at'])
    .where('id', '=', episodeId)
    .executeTakeFirst();
  if (episode === undefined) throw new NotFoundError('episode', episodeId);
  const bytes =
    episode.trajectory_ref === null ? null : await artifacts.get(episode.trajectory_ref);
  if (bytes === null) throw new NotFoundError('recording of episode', episodeId);
  return { id: episodeId, createdAt: episode.created_at, recording: decodeRecording(bytes) };
}

function decodeRecording(bytes: Uint8Array): EpisodeRecording {
  try {
    return { kind: 'sim', trajectory: decodeTrajectory(bytes) };
  } catch (error) {
    if (!(error instanceof TrajectoryFormatError)) throw error;
    // Not a simulated trajectory: a station's recording, or corrupt (which this then reports).
    return { kind: 'station', recording: decodeStationRecording(bytes) };
  }
}

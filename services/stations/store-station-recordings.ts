import type { StationJobResult } from '../../queue/station-job.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { EpisodeSide } from '../db/schema.ts';

/** Station recordings sit beside simulated trajectories; the suffix tells their format apart. */
export const stationRecordingSuffix = '.station';

export function stationRecordingKey(
  campaignId: string,
  comparisonId: string,
  side: EpisodeSide,
): string {
  return `trajectories/${campaignId}/${comparisonId}-${side}${stationRecordingSuffix}`;
}

/**
 * Moves a station comparison's episode recordings from its job result into the artifact store,
 * under fixed keys (a retried job overwrites rather than duplicates), and returns their keys:
 * null for an episode that recorded nothing.
 */
export async function storeStationRecordings(
  artifacts: ArtifactStore,
  campaignId: string,
  { comparisonId, episodes }: StationJobResult,
): Promise<Record<EpisodeSide, string | null>> {
  const store = async (side: EpisodeSide): Promise<string | null> => {
    const recording = episodes[side].recording;
    if (recording === null || recording === undefined) return null;
    const key = stationRecordingKey(campaignId, comparisonId, side);
    await artifacts.put(key, Buffer.from(recording, 'base64'));
    return key;
  };
  return { A: await store('A'), B: await store('B') };
}

import type { Kysely } from 'kysely';
import { encodeStationRecording, type StationRecording } from '../../queue/station-recording.ts';
import type { ArtifactStore } from '../../services/artifacts/artifact-store.ts';
import { trajectoryKey } from '../../services/comparisons/comparison-processor.ts';
import { recordComparisonResult } from '../../services/comparisons/record-comparison-result.ts';
import type { Database, JudgementSource } from '../../services/db/schema.ts';
import { encodeTrajectory, runEpisode, type Trajectory } from '../../sim/index.ts';
import {
  firstSimTask,
  insertComparison,
  policyIdsByName,
  recordedEpisode,
  seedCampaign,
} from './fixtures.ts';

/**
 * A campaign with one completed comparison, expert (A) against random (B), whose episodes are
 * real MuJoCo rollouts with their trajectories stored. Returns the comparison id and the
 * trajectories as recorded.
 */
export async function recordSimComparison(
  db: Kysely<Database>,
  artifacts: ArtifactStore,
  judgementSources: JudgementSource[] = ['auto'],
): Promise<{ comparisonId: string; trajectories: Record<'A' | 'B', Trajectory> }> {
  const campaignId = await seedCampaign(db, { budget: 4, judgementSources });
  const ids = await policyIdsByName(db);
  const id = await insertComparison(db, campaignId, {
    ordinal: 0,
    policyA: ids.get('expert')!,
    policyB: ids.get('random')!,
  });
  const episodes = { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) };
  const trajectories = {} as Record<'A' | 'B', Trajectory>;
  for (const [side, policy] of [
    ['A', 'expert'],
    ['B', 'random'],
  ] as const) {
    const outcome = await runEpisode(
      { task: firstSimTask.name, seed: 3, policy },
      { record: true },
    );
    const key = trajectoryKey(campaignId, id, side);
    await artifacts.put(key, encodeTrajectory(outcome.trajectory!));
    episodes[side].trajectoryRef = key;
    trajectories[side] = outcome.trajectory!;
  }
  await recordComparisonResult(db, id, { kind: 'completed', episodes });
  return { comparisonId: id, trajectories };
}

/**
 * Stores `recording` as episode A of a new completed comparison (as a station's would be) and
 * returns the episode id.
 */
export async function recordStationEpisode(
  db: Kysely<Database>,
  artifacts: ArtifactStore,
  campaignId: string,
  ordinal: number,
  recording: StationRecording,
): Promise<string> {
  const ids = await policyIdsByName(db);
  const id = await insertComparison(db, campaignId, {
    ordinal,
    policyA: ids.get('expert')!,
    policyB: ids.get('random')!,
  });
  const key = trajectoryKey(campaignId, id, 'A');
  await artifacts.put(key, encodeStationRecording(recording));
  const episodes = { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) };
  episodes.A.trajectoryRef = key;
  await recordComparisonResult(db, id, { kind: 'completed', episodes });
  return `${id}-A`;
}

import type { Kysely } from 'kysely';
import type { ArtifactStore } from '../../services/artifacts/artifact-store.ts';
import { trajectoryKey } from '../../services/comparisons/comparison-processor.ts';
import { recordComparisonResult } from '../../services/comparisons/record-comparison-result.ts';
import type { Database } from '../../services/db/schema.ts';
import { encodeTrajectory, runEpisode } from '../../sim/index.ts';
import { firstSimTask, insertComparison, recordedEpisode, seedCampaign } from './fixtures.ts';

/**
 * A crowd-judged campaign with `count` completed comparisons of expert (A) against random (B),
 * each with both replays recorded in `artifacts`, as the comparison processor leaves them.
 */
export async function seedJudgeableComparisons(
  db: Kysely<Database>,
  artifacts: ArtifactStore,
  count: number,
): Promise<{ campaignId: string; comparisonIds: string[] }> {
  const campaignId = await seedCampaign(db, { budget: count, judgementSources: ['auto', 'crowd'] });
  const ids = new Map(
    (await db.selectFrom('policies').select(['id', 'name']).execute()).map((p) => [p.name, p.id]),
  );
  const comparisonIds: string[] = [];
  for (let ordinal = 0; ordinal < count; ordinal++) {
    const id = await insertComparison(db, campaignId, {
      ordinal,
      policyA: ids.get('expert')!,
      policyB: ids.get('random')!,
    });
    const episodes = { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) };
    for (const [side, policy] of [
      ['A', 'expert'],
      ['B', 'random'],
    ] as const) {
      const outcome = await runEpisode(
        { task: firstSimTask.name, seed: ordinal, policy },
        { record: true },
      );
      const key = trajectoryKey(campaignId, id, side);
      await artifacts.put(key, encodeTrajectory(outcome.trajectory!));
      episodes[side].trajectoryRef = key;
    }
    await recordComparisonResult(db, id, { kind: 'completed', episodes });
    comparisonIds.push(id);
  }
  return { campaignId, comparisonIds };
}

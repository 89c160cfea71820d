import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoJudgement } from '../services/comparisons/auto-judgement.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { campaignComparisonCounts } from '../services/comparisons/comparison-counts.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import {
  insertComparison,
  policyIdsByName,
  recordedEpisode,
  seedCampaign,
} from './helpers/fixtures.ts';

test("an episode ended by the policy's error loses, whatever the other's progress", () => {
  const failed = { success: false, progress: 0, termination: 'policy-error' };
  const idle = { success: false, progress: 0, termination: 'time-limit' };
  assert.equal(autoJudgement(failed, idle), 'B', 'not a tie with a policy that did nothing');
  assert.equal(autoJudgement(idle, failed), 'A');
  assert.equal(autoJudgement(failed, { ...failed }), 'tie', 'two failures: nothing between them');
  // Physics diverging is not the policy's own error: progress decides as before.
  const diverged = { success: false, progress: 0, termination: 'physics-diverged' };
  assert.equal(autoJudgement(diverged, idle), 'tie');
});

for (const backend of backends) {
  test(`${backend}: a policy error is recorded as a loss, or excluded when the campaign says so`, async () => {
    await withDatabase(backend, async ({ db }) => {
      const campaignId = await seedCampaign(db, { budget: 4 });
      const ids = await policyIdsByName(db);
      const record = async (ordinal: number) => {
        const id = await insertComparison(db, campaignId, {
          ordinal,
          policyA: ids.get('random')!,
          policyB: ids.get('expert')!,
        });
        const a = { ...recordedEpisode(id, 'A', false), progress: 0 };
        const b = {
          ...recordedEpisode(id, 'B', false),
          progress: 0,
          error: 'actions[0] is NaN',
          termination: 'policy-error' as const,
        };
        return {
          id,
          result: await recordComparisonResult(db, id, {
            kind: 'completed',
            episodes: { A: a, B: b },
          }),
        };
      };

      const lost = await record(0);
      assert.equal(lost.result.outcome, 'A');
      const episode = await db
        .selectFrom('episodes')
        .select(['termination', 'error'])
        .where('id', '=', `${lost.id}-B`)
        .executeTakeFirstOrThrow();
      assert.deepEqual(episode, { termination: 'policy-error', error: 'actions[0] is NaN' });

      await db.updateTable('campaigns').set({ policy_errors: 'exclude' }).execute();
      const excluded = await record(1);
      assert.deepEqual(excluded.result, { recorded: true, campaignId, outcome: null });
      const row = await db
        .selectFrom('comparisons')
        .select(['status', 'error'])
        .where('id', '=', excluded.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'failed');
      assert.match(row.error ?? '', /excluded: a policy failed \(B: actions\[0\] is NaN\)/);
      const judgements = await db.selectFrom('judgements').select('comparison_id').execute();
      assert.deepEqual(
        judgements.map((j) => j.comparison_id),
        [lost.id],
      );
      const counts = await campaignComparisonCounts(db, campaignId);
      assert.equal(counts.completed, 1);
      assert.equal(counts.failed, 1);
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowProducer, Queue } from 'bullmq';
import {
  applyCampaignAction,
  createCampaign,
  setCampaignStatus,
} from '../services/campaigns/campaign-store.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { campaignComparisonCounts } from '../services/comparisons/comparison-counts.ts';
import { CampaignScheduler } from '../services/scheduler/campaign-scheduler.ts';
import { queueConnection } from '../queue/connection.ts';
import { comparisonQueueName } from '../queue/names.ts';
import { builtinPolicyNames } from '../sim/index.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import {
  firstSimTask,
  insertComparison,
  policyIdsByName,
  recordedEpisode,
  seedCampaign,
} from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

for (const backend of backends) {
  test(`${backend}: a background status write never undoes a cancel`, async () => {
    await withDatabase(backend, async ({ db }) => {
      const campaignId = await seedCampaign(db, { budget: 1, start: true });
      await applyCampaignAction(db, campaignId, 'cancel');
      // What the scheduler does when it read the campaign as running just before the cancel.
      assert.equal(await setCampaignStatus(db, campaignId, 'running', 'completed'), false);
      assert.equal(await setCampaignStatus(db, campaignId, 'running', 'paused'), false);
      const row = await db
        .selectFrom('campaigns')
        .select('status')
        .where('id', '=', campaignId)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'cancelled');
    });
  });

  test(`${backend}: a comparison marked failed that later completes stays failed and uncounted`, async () => {
    await withDatabase(backend, async ({ db }) => {
      const campaignId = await seedCampaign(db, { budget: 2, start: true });
      const ids = await policyIdsByName(db);
      const comparisonId = await insertComparison(db, campaignId, {
        ordinal: 0,
        policyA: ids.get('expert')!,
        policyB: ids.get('random')!,
      });
      const failed = await recordComparisonResult(db, comparisonId, {
        kind: 'failed',
        reason: 'comparison job failed',
      });
      assert.equal(failed.recorded, true);
      const late = await recordComparisonResult(db, comparisonId, {
        kind: 'completed',
        episodes: {
          A: recordedEpisode(comparisonId, 'A', true),
          B: recordedEpisode(comparisonId, 'B', false),
        },
      });
      assert.deepEqual(late, { recorded: false, campaignId, outcome: null });
      const counts = await campaignComparisonCounts(db, campaignId);
      assert.equal(counts.failed, 1);
      assert.equal(counts.completed, 0);
      const episodes = await db.selectFrom('episodes').select('id').execute();
      const judgements = await db.selectFrom('judgements').select('id').execute();
      assert.equal(episodes.length, 0, 'a discarded result leaves no episode');
      assert.equal(judgements.length, 0, 'a discarded result leaves no judgement to rank');
    });
  });

  test(`${backend}: one campaign that throws does not starve the others`, async () => {
    await withQueuePrefix(async (prefix) =>
      withDatabase(backend, async ({ db }) => {
        const broken = await seedCampaign(db, { budget: 4, maxInFlight: 2, start: true });
        const { campaignId: healthy } = await createCampaign(db, {
          name: 'healthy-campaign',
          policies: [...builtinPolicyNames],
          tasks: [firstSimTask.name],
          budget: 4,
          maxInFlight: 2,
          pairing: 'uniform',
          seed: 3,
          judgementSources: ['auto'],
          start: true,
        });
        // A row the scheduler cannot read (hand-edited, or written by a newer version).
        await db
          .updateTable('campaign_tasks')
          .set({ perturbations: '{not json' })
          .where('campaign_id', '=', broken)
          .execute();
        const connection = queueConnection(testRedisUrl);
        const flows = new FlowProducer({ connection, prefix });
        const comparisons = new Queue(comparisonQueueName, { connection, prefix });
        const scheduler = new CampaignScheduler(db, flows, comparisons);
        try {
          await scheduler.tick();
          assert.equal((await campaignComparisonCounts(db, healthy)).queued, 2);
          const brokenRow = await db
            .selectFrom('campaigns')
            .selectAll()
            .where('id', '=', broken)
            .executeTakeFirstOrThrow();
          assert.match(brokenRow.scheduling_error ?? '', /JSON/);
          assert.equal(brokenRow.status, 'running');

          // Once the row is repaired the campaign is supplied and its error cleared.
          await db
            .updateTable('campaign_tasks')
            .set({ perturbations: null })
            .where('campaign_id', '=', broken)
            .execute();
          await scheduler.tick();
          const repaired = await db
            .selectFrom('campaigns')
            .selectAll()
            .where('id', '=', broken)
            .executeTakeFirstOrThrow();
          assert.equal(repaired.scheduling_error, null);
          assert.ok((await campaignComparisonCounts(db, broken)).queued > 0);
        } finally {
          await scheduler.close();
          await flows.close();
          await comparisons.close();
        }
      }),
    );
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowProducer, Queue } from 'bullmq';
import { CampaignScheduler } from '../services/scheduler/campaign-scheduler.ts';
import { queueConnection } from '../queue/connection.ts';
import { comparisonQueueName, rolloutQueueName } from '../queue/names.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { seedCampaign } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

for (const backend of backends) {
  test(`${backend}: the scheduler keeps max_in_flight comparisons queued and re-adds a lost flow`, async () => {
    await withQueuePrefix(async (prefix) =>
      withDatabase(backend, async ({ db }) => {
        const campaignId = await seedCampaign(db, { budget: 5, maxInFlight: 2, start: true });
        const connection = queueConnection(testRedisUrl);
        const flows = new FlowProducer({ connection, prefix });
        const comparisons = new Queue(comparisonQueueName, { connection, prefix });
        const rollouts = new Queue(rolloutQueueName, { connection, prefix });
        const scheduler = new CampaignScheduler(db, flows, comparisons);
        try {
          await scheduler.tick();
          await scheduler.tick();
          const rows = await db.selectFrom('comparisons').selectAll().orderBy('ordinal').execute();
          assert.deepEqual(
            rows.map((r) => [r.ordinal, r.status]),
            [
              [0, 'queued'],
              [1, 'queued'],
            ],
          );
          for (const row of rows) {
            assert.equal(row.campaign_id, campaignId);
            assert.notEqual(row.policy_a_id, row.policy_b_id);
            assert.equal(await comparisons.getJobState(row.id), 'waiting-children');
          }
          const waiting = await rollouts.getJobs(['waiting']);
          assert.equal(waiting.length, 4);
          for (const row of rows) {
            const children = waiting.filter((j) => j.data.comparisonId === row.id);
            assert.deepEqual(children.map((j) => j.data.side).sort(), ['A', 'B']);
            // Both episodes of a comparison start from the same initial state.
            assert.equal(children[0]!.data.seed, children[1]!.data.seed);
            assert.equal(children[0]!.data.seed, row.seed);
          }

          // A crash between writing the row and adding the flow leaves a row without a job.
          await comparisons.remove(rows[0]!.id, { removeChildren: true });
          assert.equal(await comparisons.getJob(rows[0]!.id), undefined);
          await scheduler.reconcile();
          assert.equal(await comparisons.getJobState(rows[0]!.id), 'waiting-children');
          assert.equal((await rollouts.getJobs(['waiting'])).length, 4);
        } finally {
          await scheduler.close();
          await flows.close();
          await comparisons.close();
          await rollouts.close();
        }
      }),
    );
  });
}

test('sqlite: an active-pairing campaign is supplied like a uniform one', async () => {
  await withQueuePrefix(async (prefix) =>
    withDatabase('sqlite', async ({ db }) => {
      await seedCampaign(db, { budget: 5, maxInFlight: 3, start: true, pairing: 'active' });
      const flows = new FlowProducer({ connection: queueConnection(testRedisUrl), prefix });
      const comparisons = new Queue(comparisonQueueName, {
        connection: queueConnection(testRedisUrl),
        prefix,
      });
      const scheduler = new CampaignScheduler(db, flows, comparisons);
      try {
        await scheduler.tick();
        const rows = await db.selectFrom('comparisons').selectAll().orderBy('ordinal').execute();
        assert.deepEqual(
          rows.map((r) => r.ordinal),
          [0, 1, 2],
        );
        for (const row of rows) {
          assert.notEqual(row.policy_a_id, row.policy_b_id);
          assert.equal(await comparisons.getJobState(row.id), 'waiting-children');
        }
      } finally {
        await scheduler.close();
        await flows.close();
        await comparisons.close();
      }
    }),
  );
});

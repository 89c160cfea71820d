import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue, Worker } from 'bullmq';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { queueConnection } from '../queue/connection.ts';
import { rolloutQueueName } from '../queue/names.ts';
import { withDatabase } from './helpers/databases.ts';
import { insertComparison, policyIdsByName, seedCampaign, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

test('campaign progress asks the queue which in-flight comparisons are running', async () => {
  await withQueuePrefix(async (prefix) =>
    withDatabase('sqlite', async ({ db }, { dataDir }) => {
      const campaignId = await seedCampaign(db, { budget: 10 });
      const ids = await policyIdsByName(db);
      const comparisons = [];
      for (let ordinal = 0; ordinal < 3; ordinal++) {
        comparisons.push(
          await insertComparison(db, campaignId, {
            ordinal,
            policyA: ids.get('expert')!,
            policyB: ids.get('random')!,
          }),
        );
      }
      const rolloutQueue = new Queue(rolloutQueueName, {
        connection: queueConnection(testRedisUrl),
        prefix,
      });
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      // One worker holding one rollout: that comparison runs, the other two wait.
      const worker = new Worker(rolloutQueueName, () => held, {
        connection: queueConnection(testRedisUrl),
        prefix,
        concurrency: 1,
      });
      try {
        for (const comparisonId of comparisons) {
          await rolloutQueue.add(
            'rollout',
            { comparisonId, side: 'A' },
            { jobId: `${comparisonId}-A` },
          );
        }
        await waitFor(
          async () => ((await rolloutQueue.getActiveCount()) === 1 ? true : undefined),
          {
            what: 'one active rollout',
          },
        );
        const api = request(
          createApp({
            db,
            artifacts: new LocalDirectoryStore(dataDir),
            simCatalog: { policies: [], tasks: [] },
            rolloutQueue,
          }),
        );
        const { progress } = (await api.get('/api/campaigns/test-campaign/progress').expect(200))
          .body;
        assert.equal(progress.inFlight, 3);
        assert.equal(progress.running, 1);
        assert.equal(progress.queued, 2);

        const withoutQueue = request(
          createApp({
            db,
            artifacts: new LocalDirectoryStore(dataDir),
            simCatalog: { policies: [], tasks: [] },
          }),
        );
        const plain = (await withoutQueue.get('/api/campaigns/test-campaign/progress').expect(200))
          .body.progress;
        assert.equal(plain.running, null, 'without the queue the two are not told apart');
      } finally {
        release();
        await worker.close();
        await rolloutQueue.close();
      }
    }),
  );
});

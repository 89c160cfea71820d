import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import { queueConnection } from '../queue/connection.ts';
import { rolloutQueueName } from '../queue/names.ts';
import { openDatabase } from '../services/db/open-database.ts';
import { startServices } from '../services/start-services.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';
import { backends, withDatabaseLocation } from './helpers/databases.ts';
import {
  assertEveryComparisonOnce,
  startCampaign,
  untilCompleted,
} from './helpers/fault-campaign.ts';
import { waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const budget = 10;

for (const backend of backends) {
  test(`${backend}: a sim worker killed with SIGKILL mid-rollout is restarted and its rollout retried`, async () => {
    await withQueuePrefix((queuePrefix) =>
      withDatabaseLocation(backend, async ({ databaseUrl, dataDir }) => {
        const services = await startServices({
          redisUrl: testRedisUrl,
          queuePrefix,
          databaseUrl,
          dataDir,
          port: 0,
          refitDebounceMs: 50,
        });
        const workers = spawnSimWorkers(2, { redisUrl: testRedisUrl, queuePrefix });
        const rollouts = new Queue(rolloutQueueName, {
          connection: queueConnection(testRedisUrl),
          prefix: queuePrefix,
        });
        let campaignId = '';
        try {
          campaignId = await startCampaign(services.url, 'worker-killed', { budget });
          await untilCompleted(services.url, campaignId, 2);
          // Kill a worker while it holds a rollout, so that rollout must be taken over.
          const victim = workers.processes[0]!;
          await waitFor(async () => ((await rollouts.getActiveCount()) > 0 ? true : undefined), {
            what: 'a rollout in hand',
          });
          victim.kill('SIGKILL');
          await waitFor(() => (workers.restarts >= 1 ? true : undefined), {
            what: 'the pool to restart the killed worker',
          });
          assert.notEqual(workers.processes[0]!.pid, victim.pid);
          await untilCompleted(services.url, campaignId, budget);
          await waitFor(
            async () => {
              const res = await fetch(`${services.url}/api/campaigns/${campaignId}`);
              const body = (await res.json()) as { campaign: { status: string } };
              return body.campaign.status === 'completed' ? true : undefined;
            },
            { what: 'the campaign to be marked completed' },
          );
        } finally {
          await rollouts.close();
          await workers.stop();
          await services.close();
        }
        const database = openDatabase(databaseUrl, dataDir);
        try {
          await assertEveryComparisonOnce(database.db, campaignId, budget);
        } finally {
          await database.close();
        }
      }),
    );
  });
}

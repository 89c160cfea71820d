import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../services/db/open-database.ts';
import { startServices } from '../services/start-services.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';
import { withDatabaseLocation } from './helpers/databases.ts';
import {
  assertEveryComparisonOnce,
  startCampaign,
  untilCompleted,
} from './helpers/fault-campaign.ts';
import { waitFor } from './helpers/fixtures.ts';
import { withPrivateRedis } from './helpers/private-servers.ts';

const budget = 10;

for (const backend of ['sqlite', 'postgres'] as const) {
  test(`${backend}: services and workers ride out a Redis killed and restarted mid-campaign`, async () => {
    await withPrivateRedis((redis) =>
      withDatabaseLocation(backend, async ({ databaseUrl, dataDir }) => {
        const queuePrefix = 'arena';
        const services = await startServices({
          redisUrl: redis.url,
          queuePrefix,
          databaseUrl,
          dataDir,
          port: 0,
          refitDebounceMs: 50,
        });
        const workers = spawnSimWorkers(2, { redisUrl: redis.url, queuePrefix });
        let campaignId = '';
        try {
          campaignId = await startCampaign(services.url, 'redis-restart', { budget });
          await untilCompleted(services.url, campaignId, 2);

          await redis.stop();
          const degraded = await waitFor(
            async () => {
              const res = await fetch(`${services.url}/api/health`);
              return res.status === 503
                ? ((await res.json()) as { redis: { ok: boolean; error: string } })
                : undefined;
            },
            { what: '/api/health to report Redis down' },
          );
          assert.equal(degraded.redis.ok, false);
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          await redis.start();

          await untilCompleted(services.url, campaignId, budget);
          await waitFor(
            async () => ((await fetch(`${services.url}/api/health`)).ok ? true : undefined),
            { what: '/api/health to recover' },
          );
          await waitFor(
            async () => {
              const res = await fetch(`${services.url}/api/campaigns/${campaignId}`);
              const body = (await res.json()) as { campaign: { status: string } };
              return body.campaign.status === 'completed' ? true : undefined;
            },
            { what: 'the campaign to be marked completed' },
          );
        } finally {
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

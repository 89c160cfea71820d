import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../services/db/open-database.ts';
import { startServices } from '../services/start-services.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';
import {
  assertEveryComparisonOnce,
  startCampaign,
  untilCompleted,
} from './helpers/fault-campaign.ts';
import { waitFor } from './helpers/fixtures.ts';
import { withPrivatePostgres } from './helpers/private-servers.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const budget = 12;

interface Health {
  status: string;
  database: { ok: boolean; error: string | null };
}

async function health(url: string): Promise<{ code: number; body: Health }> {
  const res = await fetch(`${url}/api/health`);
  return { code: res.status, body: (await res.json()) as Health };
}

test('postgres: the services ride out a database restart and the campaign completes once', async () => {
  await withPrivatePostgres((postgres) =>
    withQueuePrefix(async (queuePrefix) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-test-'));
      const services = await startServices({
        redisUrl: testRedisUrl,
        queuePrefix,
        databaseUrl: postgres.url,
        dataDir,
        port: 0,
        refitDebounceMs: 50,
      });
      const workers = spawnSimWorkers(2, { redisUrl: testRedisUrl, queuePrefix });
      try {
        assert.equal((await health(services.url)).code, 200);
        const campaignId = await startCampaign(services.url, 'pg-restart', { budget });
        await untilCompleted(services.url, campaignId, 2);

        await postgres.stop();
        const degraded = await waitFor(
          async () => {
            const h = await health(services.url);
            return h.code === 503 ? h.body : undefined;
          },
          { what: '/api/health to report the database down' },
        );
        assert.equal(degraded.status, 'degraded');
        assert.equal(degraded.database.ok, false);
        assert.ok((degraded.database.error ?? '').length > 0, 'the cause is named');
        const res = await fetch(`${services.url}/api/campaigns/${campaignId}`);
        assert.equal(res.status, 503, 'a request needing the database answers 503');
        // Rollouts keep finishing meanwhile; their comparisons wait to be recorded.
        await new Promise((resolve) => setTimeout(resolve, 3_000));

        await postgres.start();
        const final = await untilCompleted(services.url, campaignId, budget);
        assert.equal(final.completed, budget);
        assert.equal((await health(services.url)).code, 200);
        await waitFor(
          async () =>
            (await fetch(`${services.url}/api/campaigns/${campaignId}`).then((r) => r.json()))
              .campaign.status === 'completed'
              ? true
              : undefined,
          { what: 'the campaign to be marked completed' },
        );
      } finally {
        await workers.stop();
        await services.close();
      }
      const database = openDatabase(postgres.url, dataDir);
      try {
        const campaign = await database.db
          .selectFrom('campaigns')
          .select('id')
          .executeTakeFirstOrThrow();
        await assertEveryComparisonOnce(database.db, campaign.id, budget);
      } finally {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }),
  );
});

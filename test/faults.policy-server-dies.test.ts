import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveBuiltinPolicy, type OpenpiServer } from '../openpi/index.ts';
import { openDatabase } from '../services/db/open-database.ts';
import { EndpointNetworks } from '../openpi/index.ts';
import { JobSecret } from '../queue/job-secret.ts';
import { startServices } from '../services/start-services.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';
import { withDatabaseLocation } from './helpers/databases.ts';
import { assertEveryComparisonOnce, untilCompleted } from './helpers/fault-campaign.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { postJson, testPolicyNetworks } from './helpers/services.ts';

const budget = 12;

interface Progress {
  imbalanced: boolean;
  policyShares: { policy: string; comparisons: number; unreachable: boolean }[];
}

test('sqlite: a policy whose server dies sits out, returns when its server does, and catches up', async () => {
  await withQueuePrefix((queuePrefix) =>
    withDatabaseLocation('sqlite', async ({ databaseUrl, dataDir }) => {
      let server: OpenpiServer = await serveBuiltinPolicy('expert', { port: 0 });
      const port = Number(new URL(server.url).port);
      // Shared by the services and their workers, as `arena up` shares it.
      const secret = JobSecret.generateText();
      const services = await startServices({
        jobSecret: JobSecret.fromText(secret),
        redisUrl: testRedisUrl,
        queuePrefix,
        databaseUrl,
        dataDir,
        port: 0,
        refitDebounceMs: 50,
        policyNetworks: EndpointNetworks.parse(testPolicyNetworks),
      });
      const workers = spawnSimWorkers(2, {
        redisUrl: testRedisUrl,
        queuePrefix,
        policyNetworks: testPolicyNetworks,
        secret,
      });
      const progress = async (): Promise<Progress> =>
        (
          (await (await fetch(`${services.url}/api/campaigns/dies/progress`)).json()) as {
            progress: Progress;
          }
        ).progress;
      let campaignId = '';
      try {
        const post = (path: string, body: unknown) => postJson(services.url, path, body);
        for (const name of ['random', 'degraded-expert?skill=0.5'])
          await post('/api/policies', {
            name: name.replace(/\W.*/, '-half'),
            kind: 'builtin',
            builtin: name,
          });
        await post('/api/policies', { name: 'remote', kind: 'openpi', endpoint: server.url });
        await post('/api/tasks', { name: 'task', simTask: firstSimTask.name });
        const created = await post('/api/campaigns', {
          name: 'dies',
          policies: ['random', 'degraded-half', 'remote'],
          tasks: ['task'],
          budget,
          maxInFlight: 3,
          start: true,
        });
        assert.equal(created.status, 201, await created.clone().text());
        campaignId = ((await created.json()) as { campaign: { id: string } }).campaign.id;
        await untilCompleted(services.url, campaignId, 2);

        await server.close();
        const down = await waitFor(
          async () => {
            const p = await progress();
            return p.policyShares.find((s) => s.policy === 'remote')?.unreachable === true
              ? p
              : undefined;
          },
          { what: 'the dead server to be noticed', timeoutMs: 90_000 },
        );
        assert.ok(down.policyShares.length === 3);

        server = await serveBuiltinPolicy('expert', { port });
        await waitFor(
          async () =>
            (await progress()).policyShares.find((s) => s.policy === 'remote')?.unreachable ===
            false
              ? true
              : undefined,
          { what: 'the health check to take the policy back' },
        );
        await untilCompleted(services.url, campaignId, budget);
        await waitFor(
          async () => {
            const res = await fetch(`${services.url}/api/campaigns/${campaignId}`);
            const body = (await res.json()) as { campaign: { status: string } };
            return body.campaign.status === 'completed' ? true : undefined;
          },
          { what: 'the campaign to be marked completed' },
        );
        const final = await progress();
        const remote = final.policyShares.find((s) => s.policy === 'remote')!;
        assert.ok(remote.comparisons >= 4, `the remote policy caught up: ${JSON.stringify(final)}`);
      } finally {
        await workers.stop();
        await services.close();
        await server.close();
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

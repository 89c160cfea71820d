import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { queueConnection } from '../queue/connection.ts';
import { rolloutQueueName } from '../queue/names.ts';
import { startServices, type RunningServices } from '../services/start-services.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';
import { backends, withDatabaseLocation } from './helpers/databases.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { postJson } from './helpers/services.ts';

const budget = 2;

for (const backend of backends) {
  test(`${backend}: two services replicas on one database and Redis both serve every replay`, async () => {
    await withQueuePrefix((queuePrefix) =>
      withDatabaseLocation(backend, async ({ databaseUrl, dataDir }) => {
        // Each replica has an artifact directory of its own, as on separate machines.
        const replica = (name: string): Promise<RunningServices> =>
          startServices({
            redisUrl: testRedisUrl,
            queuePrefix,
            databaseUrl,
            dataDir,
            artifactDir: path.join(dataDir, `artifacts-${name}`),
            port: 0,
          });
        const first = await replica('first');
        const second = await replica('second');
        const workers = spawnSimWorkers(1, { redisUrl: testRedisUrl, queuePrefix });
        const redis = new Redis(testRedisUrl);
        const rollouts = new Queue(rolloutQueueName, {
          connection: queueConnection(testRedisUrl),
          prefix: queuePrefix,
        });
        try {
          const post = async (url: string, route: string, body: unknown): Promise<void> => {
            const res = await postJson(url, route, body);
            assert.ok(res.ok, `${route}: ${res.status} ${await res.text()}`);
          };
          await post(first.url, '/api/policies', { name: 'x', kind: 'builtin', builtin: 'expert' });
          await post(second.url, '/api/policies', {
            name: 'y',
            kind: 'builtin',
            builtin: 'random',
          });
          await post(first.url, '/api/tasks', { name: 'task', simTask: firstSimTask.name });
          await post(second.url, '/api/campaigns', {
            name: 'replicas',
            policies: ['x', 'y'],
            tasks: ['task'],
            budget,
            start: true,
          });
          await waitFor(
            async () => {
              const res = await fetch(`${first.url}/api/campaigns/replicas`);
              const body = (await res.json()) as { campaign: { status: string } };
              return body.campaign.status === 'completed' ? true : undefined;
            },
            { timeoutMs: 120_000, intervalMs: 250, what: 'the campaign to complete' },
          );

          const episodes = await first.database.db
            .selectFrom('episodes')
            .select(['id', 'trajectory_ref'])
            .orderBy('id')
            .execute();
          assert.equal(episodes.length, 2 * budget);
          for (const episode of episodes) {
            assert.ok(episode.trajectory_ref !== null, `${episode.id} has no trajectory`);
            const replays = await Promise.all(
              [first, second].map(async (services) => {
                const res = await fetch(`${services.url}/api/episodes/${episode.id}/trajectory`);
                assert.equal(res.status, 200, `${services.url} serves ${episode.id}`);
                return res.text();
              }),
            );
            assert.equal(replays[0], replays[1]);
            const trajectory = JSON.parse(replays[0]!) as { frameCount: number; task: string };
            assert.equal(trajectory.task, firstSimTask.name);
            assert.ok(trajectory.frameCount > 1);
          }
          // Nothing went to either machine's disk, and nothing of the trajectories stays in Redis:
          // no staged bytes, and rollout results carry only a key.
          for (const name of ['first', 'second']) {
            assert.equal(fs.existsSync(path.join(dataDir, `artifacts-${name}`)), false);
          }
          assert.deepEqual(await redis.keys(`${queuePrefix}:staged-trajectory:*`), []);
          for (const job of await rollouts.getCompleted()) {
            assert.ok(JSON.stringify(job.returnvalue).length < 1_000, `rollout ${job.id} is small`);
          }
        } finally {
          await workers.stop();
          await rollouts.close();
          redis.disconnect();
          await second.close();
          await first.close();
        }
      }),
    );
  });
}

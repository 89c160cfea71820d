import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import { queueConnection } from '../queue/connection.ts';
import { rolloutQueueName } from '../queue/names.ts';
import type { RolloutJobData, RolloutJobResult } from '../queue/rollout-job.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const jobs = 40;

test('a sim worker stops taking jobs on SIGTERM, finishes the rollout in hand and exits 0', async () => {
  await withQueuePrefix(async (queuePrefix) => {
    const queue = new Queue<RolloutJobData, RolloutJobResult>(rolloutQueueName, {
      connection: queueConnection(testRedisUrl),
      prefix: queuePrefix,
    });
    try {
      await queue.addBulk(
        Array.from({ length: jobs }, (_, i) => ({
          name: 'rollout',
          data: {
            comparisonId: `drain-${i}`,
            side: 'A' as const,
            task: firstSimTask.name,
            seed: i,
            policy: { kind: 'builtin' as const, name: 'random' },
          },
          opts: { jobId: `drain-${i}-A` },
        })),
      );
      const pool = spawnSimWorkers(1, { redisUrl: testRedisUrl, queuePrefix });
      const worker = pool.processes[0]!;
      const exited = new Promise<number | null>((resolve) =>
        worker.once('exit', (code) => resolve(code)),
      );
      await waitFor(async () => ((await queue.getCompletedCount()) >= 2 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'the worker to complete its first rollouts',
      });
      worker.kill('SIGTERM');
      assert.equal(await exited, 0);

      const {
        completed = 0,
        active,
        waiting = 0,
        failed,
      } = await queue.getJobCounts('completed', 'active', 'waiting', 'failed');
      assert.equal(active, 0, 'no rollout was abandoned mid-way');
      assert.equal(failed, 0);
      assert.ok(waiting > 0, 'the worker stopped taking jobs');
      assert.equal(completed + waiting, jobs);
      const done = await queue.getJobs(['completed']);
      for (const job of done) assert.equal(typeof job.returnvalue.success, 'boolean');
    } finally {
      await queue.close();
    }
  });
});

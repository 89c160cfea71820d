// Rollout throughput through the real queue with one sim worker process and then with one per
// core: the baseline is the single worker measured in the same run.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { queueConnection } from '../queue/connection.ts';
import { rolloutQueueName } from '../queue/names.ts';
import type { RolloutJobData } from '../queue/rollout-job.ts';
import { loadConfig } from '../runtime/config.ts';
import { acquireRedis } from '../runtime/local-redis.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';

const measuredRollouts = 120;
const warmUpPerWorker = 2;
const task = 'pick-place';

export default async function benchWorkers(): Promise<void> {
  const config = loadConfig();
  const redis = await acquireRedis(config.redisUrl, config.dataDir);
  const cores = os.availableParallelism();
  try {
    const single = await rolloutsPerSecond(redis.url, 1);
    const parallel = cores > 1 ? await rolloutsPerSecond(redis.url, cores) : single;
    console.log(`${task} expert rollouts through the queue (trajectories recorded and encoded):`);
    console.log(`  1 worker process:       ${single.toFixed(1)} rollouts/s`);
    console.log(`  ${cores} worker processes:    ${parallel.toFixed(1)} rollouts/s`);
    console.log(
      `  speed-up: ${(parallel / single).toFixed(2)}x on ${cores} cores (ideal ${cores}x)`,
    );
    // Other load on the machine caps the speed-up; the load average says how much there was.
    console.log(`  load average after the run: ${os.loadavg()[0]?.toFixed(2)}`);
  } finally {
    await redis.stop();
  }
}

async function rolloutsPerSecond(redisUrl: string, workers: number): Promise<number> {
  const prefix = `arena-bench-${randomUUID().slice(0, 8)}`;
  const connection = queueConnection(redisUrl);
  const queue = new Queue<RolloutJobData>(rolloutQueueName, { connection, prefix });
  const events = new QueueEvents(rolloutQueueName, { connection, prefix });
  await events.waitUntilReady();
  const pool = spawnSimWorkers(workers, { redisUrl, queuePrefix: prefix });
  const run = async (count: number, label: string): Promise<number> => {
    let done = 0;
    const finished = new Promise<void>((resolve) => {
      const onDone = (): void => {
        done += 1;
        if (done === count) resolve();
      };
      events.on('completed', onDone);
      events.on('failed', onDone);
    });
    const started = performance.now();
    await queue.addBulk(
      Array.from({ length: count }, (_, i) => ({
        name: 'rollout',
        data: {
          comparisonId: `${label}-${i}`,
          side: 'A' as const,
          task,
          seed: i,
          policy: { kind: 'builtin' as const, name: 'expert' },
        },
        opts: { jobId: `${label}-${i}-A` },
      })),
    );
    await finished;
    events.removeAllListeners('completed');
    events.removeAllListeners('failed');
    return performance.now() - started;
  };
  try {
    // Warm-up: every process loads MuJoCo and compiles the scene before the clock starts.
    await run(warmUpPerWorker * workers, 'warm');
    const elapsedMs = await run(measuredRollouts, 'measured');
    return measuredRollouts / (elapsedMs / 1000);
  } finally {
    await pool.stop();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

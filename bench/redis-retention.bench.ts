// Redis bytes a comparison leaves behind once it is done, measured with MEMORY USAGE over every
// key under the queue prefix, before and after campaigns run by the real services and sim worker
// processes. The baseline, measured in the same run on another prefix, is the earlier shape of
// the same work: real BullMQ flows whose rollouts return their trajectory base64'd in the job's
// return value (the very trajectories the services just recorded), every finished job kept 24 h,
// event streams at BullMQ's default 10,000 entries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { FlowProducer, Queue, Worker, type FlowJob } from 'bullmq';
import { Redis } from 'ioredis';
import { queueConnection } from '../queue/connection.ts';
import { comparisonQueueName, rolloutQueueName } from '../queue/names.ts';
import type { RolloutJobData } from '../queue/rollout-job.ts';
import { loadConfig } from '../runtime/config.ts';
import { acquireRedis } from '../runtime/local-redis.ts';
import { createCampaign } from '../services/campaigns/campaign-store.ts';
import { getCampaignView } from '../services/campaigns/campaign-view.ts';
import { registerPolicy } from '../services/catalog/policy-store.ts';
import { registerTask } from '../services/catalog/task-store.ts';
import { startServices } from '../services/start-services.ts';
import { listTasks } from '../sim/index.ts';
import { spawnSimWorkers } from '../workers/worker-pool.ts';

/** Comparisons per campaign; two campaigns run one after the other. */
const comparisonsPerCampaign = Number(process.env.ARENA_BENCH_COMPARISONS ?? 50);
const simWorkers = 2;
const task = 'reach';
const policies = ['expert', 'noisy-expert'];
const targetBytesPerComparison = 5 * 1024;
const pollMs = 200;

interface Retained {
  bytes: number;
  keys: number;
  /** Bytes by kind of key: event streams, staged trajectories, jobs, the rest. */
  byKind: Record<string, number>;
}

/** One finished episode as the services recorded it, to replay through the earlier shape. */
interface RecordedRollout {
  side: 'A' | 'B';
  success: boolean;
  progress: number;
  steps: number;
  durationMs: number;
  trajectory: Buffer;
}

export default async function benchRedisRetention(): Promise<void> {
  const config = loadConfig();
  const redis = await acquireRedis(config.redisUrl, config.dataDir);
  const client = new Redis(redis.url);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-bench-retention-'));
  try {
    const now = await currentShape(redis.url, client, dataDir);
    const before = await earlierShape(redis.url, client, now.rollouts);
    const n1 = comparisonsPerCampaign;
    const n2 = 2 * comparisonsPerCampaign;
    const perComparison = (r: Retained, n: number, base: Retained): number =>
      (r.bytes - base.bytes) / n;
    const row = (label: string, shape: Shape): string => {
      const [base, first, second] = shape.points as [Retained, Retained, Retained];
      return [
        label.padEnd(46),
        kb(second.bytes - base.bytes).padStart(10),
        kb(perComparison(first, n1, base)).padStart(12),
        kb(perComparison(second, n2, base)).padStart(12),
        kb((second.bytes - first.bytes) / (n2 - n1)).padStart(12),
      ].join('');
    };
    console.log(
      `Redis bytes retained under the queue prefix once ${n2} comparisons (${task}, ${policies.join(' vs ')}, ${simWorkers} sim workers) are done,`,
    );
    console.log(
      'MEMORY USAGE summed over every key, minus the same sum before the first campaign:',
    );
    console.log(
      `${''.padEnd(46)}${'retained'.padStart(10)}${`/cmp @${n1}`.padStart(12)}${`/cmp @${n2}`.padStart(12)}${`marginal`.padStart(12)}`,
    );
    console.log(row('now: trajectories staged, finished jobs trimmed', now));
    console.log(row('before: trajectories in return values, 24 h', before));
    const nowPer = perComparison(now.points[2]!, n2, now.points[0]!);
    const beforePer = perComparison(before.points[2]!, n2, before.points[0]!);
    console.log(
      `  ratio before / now at ${n2} comparisons: ${(beforePer / Math.max(nowPer, 1)).toFixed(1)}x; target under ${kb(targetBytesPerComparison)} per comparison: ${nowPer < targetBytesPerComparison ? 'met' : 'NOT met'}`,
    );
    const mean = now.rollouts.reduce((s, r) => s + r.trajectory.length, 0) / now.rollouts.length;
    console.log(
      `  ${now.rollouts.length} episodes recorded with a trajectory in the database; mean encoded trajectory ${kb(mean)} (${kb((mean * 4) / 3)} as base64); staged trajectories left in Redis: ${now.stagedLeft}`,
    );
    for (const [label, shape] of [
      ['now', now],
      ['before', before],
    ] as const) {
      const last = shape.points[2]!;
      const kinds = Object.entries(last.byKind)
        .sort(([, a], [, b]) => b - a)
        .map(([kind, bytes]) => `${kind} ${kb(bytes)}`)
        .join(', ');
      console.log(`  ${label}: ${last.keys} keys: ${kinds}`);
    }
  } finally {
    client.disconnect();
    await redis.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Shape {
  /** Retained before the first campaign, after the first, after the second. */
  points: Retained[];
  rollouts: RecordedRollout[];
  stagedLeft: number;
}

/** The services as they run: two campaigns through real sim worker processes. */
async function currentShape(redisUrl: string, client: Redis, dataDir: string): Promise<Shape> {
  const prefix = `arena-bench-${randomUUID().slice(0, 8)}`;
  const services = await startServices({
    redisUrl,
    queuePrefix: prefix,
    databaseUrl: undefined,
    dataDir,
    port: 0,
  });
  const workers = spawnSimWorkers(simWorkers, { redisUrl, queuePrefix: prefix });
  const connection = queueConnection(redisUrl);
  const queues = [comparisonQueueName, rolloutQueueName].map(
    (name) => new Queue(name, { connection, prefix, skipMetasUpdate: true }),
  );
  const { db } = services.database;
  try {
    for (const name of policies) await registerPolicy(db, { name, kind: 'builtin', builtin: name });
    const { instruction } = listTasks().find((t) => t.name === task)!;
    await registerTask(db, { name: task, simTask: task, instruction });
    const points = [await retained(client, prefix)];
    for (const campaign of ['first', 'second']) {
      const { campaignId } = await createCampaign(db, {
        name: campaign,
        policies,
        tasks: [task],
        budget: comparisonsPerCampaign,
        maxInFlight: 8,
        pairing: 'uniform',
        judgementSources: ['auto'],
        start: true,
      });
      services.scheduler.nudge();
      await until(
        async () => (await getCampaignView(db, campaignId)).status === 'completed',
        `campaign ${campaign} to complete`,
      );
      // The comparison job completes just after its rows are committed.
      await until(async () => {
        for (const queue of queues) {
          const counts = await queue.getJobCounts('active', 'waiting', 'waiting-children');
          if (Object.values(counts).some((n) => n > 0)) return false;
        }
        return true;
      }, 'the queues to drain');
      points.push(await retained(client, prefix));
    }
    const rows = await db
      .selectFrom('episodes')
      .innerJoin('artifacts', 'artifacts.key', 'episodes.trajectory_ref')
      .select(['side', 'success', 'progress', 'steps', 'duration_ms', 'artifacts.bytes'])
      .orderBy('episodes.id')
      .execute();
    const rollouts = rows.map((r) => ({
      side: r.side,
      success: r.success === 1,
      progress: r.progress,
      steps: r.steps,
      durationMs: r.duration_ms,
      trajectory: Buffer.from(r.bytes),
    }));
    const stagedLeft = (await client.keys(`${prefix}:staged-trajectory:*`)).length;
    return { points, rollouts, stagedLeft };
  } finally {
    await workers.stop();
    await Promise.all(queues.map((q) => q.close()));
    await services.close();
    await deleteUnder(client, prefix);
  }
}

/**
 * The earlier shape of the same work on real BullMQ: flows with the earlier job options whose
 * rollouts return the recorded episodes with their trajectories base64'd, processed in-process.
 */
async function earlierShape(
  redisUrl: string,
  client: Redis,
  rollouts: readonly RecordedRollout[],
): Promise<Shape> {
  const prefix = `arena-bench-${randomUUID().slice(0, 8)}`;
  const connection = queueConnection(redisUrl);
  // Created as the services created them, without a bound on the event streams.
  const queues = [comparisonQueueName, rolloutQueueName].map(
    (name) => new Queue(name, { connection, prefix }),
  );
  const flows = new FlowProducer({ connection, prefix });
  const byJob = new Map<string, RecordedRollout>();
  const rolloutWorker = new Worker<RolloutJobData>(
    rolloutQueueName,
    (job) => {
      const { trajectory, ...episode } = byJob.get(job.id ?? '')!;
      return Promise.resolve({
        comparisonId: job.data.comparisonId,
        ...episode,
        error: null,
        timeToSuccessMs: null,
        pathLengthM: null,
        peakContactForceN: null,
        perturbation: null,
        trajectory: trajectory.toString('base64'),
      });
    },
    { connection, prefix, concurrency: 8 },
  );
  const comparisonWorker = new Worker<{ comparisonId: string; campaignId: string }>(
    comparisonQueueName,
    async (job) => {
      await job.getChildrenValues();
      return { recorded: true, campaignId: job.data.campaignId, outcome: 'A' };
    },
    { connection, prefix, concurrency: 4 },
  );
  try {
    await Promise.all(queues.map((q) => q.waitUntilReady()));
    const points = [await retained(client, prefix)];
    for (const [index, campaign] of ['first', 'second'].entries()) {
      for (let i = 0; i < comparisonsPerCampaign; i++) {
        const ordinal = index * comparisonsPerCampaign + i;
        const comparisonId = `camp_bench${campaign}-${i}`;
        for (const side of ['A', 'B'] as const) {
          const episode = 2 * ordinal + (side === 'A' ? 0 : 1);
          byJob.set(`${comparisonId}-${side}`, rollouts[episode % rollouts.length]!);
        }
        await flows.add(earlierFlow(comparisonId, `camp_bench${campaign}`, ordinal));
      }
      const expected = (index + 1) * comparisonsPerCampaign;
      await until(
        async () => (await queues[0]!.getCompletedCount()) >= expected,
        `${expected} earlier-shape comparisons`,
      );
      points.push(await retained(client, prefix));
    }
    return { points, rollouts: [...rollouts], stagedLeft: 0 };
  } finally {
    await rolloutWorker.close();
    await comparisonWorker.close();
    await flows.close();
    await Promise.all(queues.map((q) => q.close()));
    await deleteUnder(client, prefix);
  }
}

/** A comparison flow with the job options the scheduler used before finished jobs were trimmed. */
function earlierFlow(comparisonId: string, campaignId: string, seed: number): FlowJob {
  const keep = { age: 24 * 3600 };
  const backoff = { type: 'exponential', delay: 1_000 };
  const rollout = (side: 'A' | 'B', policy: string): FlowJob => {
    const data: RolloutJobData = {
      comparisonId,
      side,
      task,
      seed,
      policy: { kind: 'builtin', name: policy },
    };
    return {
      name: 'rollout',
      queueName: rolloutQueueName,
      data,
      opts: {
        jobId: `${comparisonId}-${side}`,
        attempts: 3,
        backoff,
        ignoreDependencyOnFailure: true,
        removeOnComplete: keep,
        removeOnFail: keep,
      },
    };
  };
  return {
    name: 'comparison',
    queueName: comparisonQueueName,
    data: { comparisonId, campaignId },
    opts: {
      jobId: comparisonId,
      attempts: 5,
      backoff,
      removeOnComplete: keep,
      removeOnFail: keep,
    },
    children: [rollout('A', policies[0]!), rollout('B', policies[1]!)],
  };
}

async function retained(client: Redis, prefix: string): Promise<Retained> {
  const result: Retained = { bytes: 0, keys: 0, byKind: {} };
  for (const key of await keysUnder(client, prefix)) {
    // SAMPLES 0 measures every element of a stream or hash instead of estimating from a few.
    const bytes = (await client.memory('USAGE', key, 'SAMPLES', 0)) ?? 0;
    const kind = key.endsWith(':events')
      ? 'event streams'
      : key.includes(':staged-trajectory:')
        ? 'staged trajectories'
        : key.includes(':camp_')
          ? 'jobs'
          : 'queue structures';
    result.bytes += bytes;
    result.keys += 1;
    result.byKind[kind] = (result.byKind[kind] ?? 0) + bytes;
  }
  return result;
}

async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

async function deleteUnder(client: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

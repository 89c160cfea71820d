import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { EndpointNetworks, startOpenpiServer } from '../openpi/index.ts';
import type { RolloutJobData } from '../queue/rollout-job.ts';
import { JobSecret } from '../queue/job-secret.ts';
import { sealRemotePolicy } from '../queue/sealed-remote-policy.ts';
import { stageTrajectory } from '../queue/staged-trajectory.ts';
import { decodeTrajectory } from '../sim/index.ts';
import { runRollout, type TrajectoryStager } from '../workers/sim-worker.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { testPolicyNetworks } from './helpers/services.ts';

/** The policy servers here listen on loopback, which the default refuses. */
const jobSecret = JobSecret.fromText(JobSecret.generateText());
const local = { policyNetworks: EndpointNetworks.parse(testPolicyNetworks), jobSecret };

const rollout = (url: string): RolloutJobData => ({
  comparisonId: 'camp_x-0',
  side: 'A',
  task: 'reach',
  seed: 1,
  policy: sealRemotePolicy({ url, observation: 'arena' }, jobSecret),
});

/** Runs `fn` with a stager onto the test Redis under a prefix of its own. */
async function withStager<T>(
  fn: (stage: TrajectoryStager, redis: Redis) => Promise<T>,
): Promise<T> {
  return withQueuePrefix(async (prefix) => {
    const redis = new Redis(testRedisUrl);
    try {
      return await fn(
        (encoded) =>
          stageTrajectory(redis, prefix, { comparisonId: 'camp_x-0', side: 'A' }, encoded),
        redis,
      );
    } finally {
      redis.disconnect();
    }
  });
}

test('an unreachable policy server fails the rollout (to be retried) instead of losing the episode', async () => {
  await withStager(async (stage) => {
    await assert.rejects(runRollout(rollout('ws://127.0.0.1:9'), stage, local), (error: Error) => {
      assert.match(error.message, /policy server unreachable: ws:\/\/127\.0\.0\.1:9/);
      return true;
    });
  });
});

test('a policy that raises loses its episode: that is the policy, not the network', async () => {
  const server = await startOpenpiServer({
    port: 0,
    metadata: {},
    createSession: () => ({
      infer() {
        throw new Error('CUDA out of memory');
      },
    }),
  });
  try {
    await withStager(async (stage, redis) => {
      const result = await runRollout(rollout(server.url), stage, local);
      assert.equal(result.success, false);
      assert.match(result.error ?? '', /CUDA out of memory/);
      // The episode's recording waits in Redis as binary; only its key travels in the result.
      assert.ok(result.trajectory !== null);
      const staged = await redis.getBuffer(result.trajectory.key);
      assert.ok(staged !== null);
      assert.equal(staged.length, result.trajectory.byteLength);
      assert.equal(decodeTrajectory(staged).task, 'reach');
      assert.ok((await redis.ttl(result.trajectory.key)) > 0, 'a staged trajectory expires');
    });
  } finally {
    await server.close();
  }
});

import { EndpointNetworks } from '../openpi/index.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowProducer, Queue, type Job } from 'bullmq';
import {
  processComparisonJob,
  startComparisonProcessor,
} from '../services/comparisons/comparison-processor.ts';
import type { RecordOutcome } from '../services/comparisons/record-comparison-result.ts';
import { CampaignScheduler } from '../services/scheduler/campaign-scheduler.ts';
import { queueConnection } from '../queue/connection.ts';
import { comparisonQueueName } from '../queue/names.ts';
import type { ComparisonJobData } from '../queue/rollout-job.ts';
import { startSimWorker } from '../workers/sim-worker.ts';
import { Redis } from 'ioredis';
import { DatabaseArtifactStore } from '../services/artifacts/database-artifact-store.ts';
import { StagedTrajectories } from '../services/comparisons/staged-trajectories.ts';
import { stagedTrajectoryKey } from '../queue/staged-trajectory.ts';
import { decodeTrajectory } from '../sim/index.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { seedCampaign, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

for (const backend of backends) {
  test(`${backend}: processing the same comparison job twice writes its rows once`, async () => {
    await withQueuePrefix(async (prefix) =>
      withDatabase(backend, async ({ db }) => {
        const artifacts = new DatabaseArtifactStore(db);
        const trajectories = StagedTrajectories.open(testRedisUrl, prefix, artifacts);
        const redis = new Redis(testRedisUrl);
        const campaignId = await seedCampaign(db, { budget: 1, start: true, maxInFlight: 1 });
        const connection = queueConnection(testRedisUrl);
        const flows = new FlowProducer({ connection, prefix });
        const queue = new Queue<ComparisonJobData>(comparisonQueueName, { connection, prefix });
        const scheduler = new CampaignScheduler(db, flows, queue);
        const simWorker = startSimWorker({
          redisUrl: testRedisUrl,
          queuePrefix: prefix,
          policyNetworks: EndpointNetworks.publicOnly(),
        });
        const recorded: RecordOutcome[] = [];
        const processor = startComparisonProcessor(db, {
          redisUrl: testRedisUrl,
          queuePrefix: prefix,
          artifacts,
          onRecorded: (outcome) => recorded.push(outcome),
        });
        try {
          await scheduler.tick();
          const comparison = await db
            .selectFrom('comparisons')
            .selectAll()
            .executeTakeFirstOrThrow();
          await waitFor(() => (recorded.length > 0 ? true : undefined), {
            what: 'the comparison to be recorded',
          });
          assert.equal(recorded[0]!.recorded, true);
          // The staged trajectories left Redis once the rows were committed.
          for (const side of ['A', 'B'] as const) {
            assert.equal(await redis.exists(stagedTrajectoryKey(prefix, comparison.id, side)), 0);
          }

          // The same job again, as BullMQ's at-least-once delivery may do after a lapsed lock.
          const job = (await queue.getJob(comparison.id)) as Job<ComparisonJobData>;
          const again = await processComparisonJob(db, trajectories, job);
          assert.equal(again.recorded, false);
          assert.equal(again.outcome, recorded[0]!.outcome);

          const episodes = await db
            .selectFrom('episodes')
            .selectAll()
            .where('comparison_id', '=', comparison.id)
            .execute();
          const judgements = await db
            .selectFrom('judgements')
            .selectAll()
            .where('comparison_id', '=', comparison.id)
            .execute();
          assert.deepEqual(episodes.map((e) => e.side).sort(), ['A', 'B']);
          assert.equal(episodes.find((e) => e.side === 'A')!.policy_id, comparison.policy_a_id);
          assert.equal(judgements.length, 1);
          assert.equal(judgements[0]!.source, 'auto');
          // Each episode's trajectory is in the artifact store under the key its row names.
          for (const episode of episodes) {
            assert.ok(episode.trajectory_ref !== null, `episode ${episode.side} has no trajectory`);
            const bytes = await artifacts.get(episode.trajectory_ref);
            assert.ok(bytes !== null && bytes.length > 0);
            const trajectory = decodeTrajectory(bytes);
            assert.equal(trajectory.seed, comparison.seed);
            assert.ok(trajectory.frameCount > 1);
            assert.equal(typeof episode.path_length_m, 'number');
          }
          const stored = await db
            .selectFrom('comparisons')
            .select('status')
            .where('campaign_id', '=', campaignId)
            .execute();
          assert.deepEqual(stored, [{ status: 'completed' }]);
        } finally {
          await scheduler.close();
          await processor.close();
          await simWorker.close();
          await flows.close();
          await queue.close();
          trajectories.close();
          redis.disconnect();
        }
      }),
    );
  });
}

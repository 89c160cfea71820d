// A station that records its episodes stages each recording with `stageTrajectory` and returns
// the handle; the comparison processor moves it into the artifact store like a sim worker's.
// The station here is a stand-in job processor on the station's queue (no robot exists on these
// machines); the recording is a real MuJoCo trajectory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowProducer, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { queueConnection } from '../queue/connection.ts';
import { stagedTrajectoryKey, stageTrajectory } from '../queue/staged-trajectory.ts';
import {
  stationQueueName,
  type StationJobData,
  type StationJobResult,
} from '../queue/station-job.ts';
import { DatabaseArtifactStore } from '../services/artifacts/database-artifact-store.ts';
import { startComparisonProcessor } from '../services/comparisons/comparison-processor.ts';
import type { RecordOutcome } from '../services/comparisons/record-comparison-result.ts';
import { comparisonFlow } from '../services/scheduler/comparison-flow.ts';
import { decodeTrajectory, encodeTrajectory, runEpisode } from '../sim/index.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { firstSimTask, insertComparison, seedCampaign, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const station = 'bench-1';

for (const backend of backends) {
  test(`${backend}: a station's staged recording ends in the artifact store and leaves Redis`, async () => {
    await withQueuePrefix((prefix) =>
      withDatabase(backend, async ({ db }) => {
        const campaignId = await seedCampaign(db, { budget: 1 });
        const ids = await db.selectFrom('policies').select('id').orderBy('name').execute();
        const comparisonId = await insertComparison(db, campaignId, {
          ordinal: 0,
          policyA: ids[0]!.id,
          policyB: ids[1]!.id,
        });
        const recording = await runEpisode(
          { task: firstSimTask.name, seed: 3, policy: 'expert' },
          { record: true },
        );
        const connection = queueConnection(testRedisUrl);
        const redis = new Redis(testRedisUrl);
        const stationWorker = new Worker<StationJobData, StationJobResult>(
          stationQueueName(station),
          async (job) => {
            const staged = await stageTrajectory(
              redis,
              prefix,
              { comparisonId: job.data.comparisonId, side: 'A' },
              encodeTrajectory(recording.trajectory!),
            );
            const episode = {
              steps: 10,
              durationMs: 500,
              error: null,
              termination: 'stopped' as const,
              targetHz: 15,
              achievedHz: 15,
              droppedFrames: 0,
              recording: null,
            };
            return {
              comparisonId: job.data.comparisonId,
              station,
              episodes: {
                A: { side: 'A', ...episode, trajectory: staged },
                B: { side: 'B', ...episode },
              },
              evaluation: {
                progressA: 100,
                progressB: 40,
                preference: 'A',
                comment: null,
                evaluator: 'ada',
                submittedAt: new Date().toISOString(),
              },
            };
          },
          { connection, prefix },
        );
        const artifacts = new DatabaseArtifactStore(db);
        const recorded: RecordOutcome[] = [];
        const processor = startComparisonProcessor(db, {
          redisUrl: testRedisUrl,
          queuePrefix: prefix,
          artifacts,
          onRecorded: (outcome) => recorded.push(outcome),
        });
        const flows = new FlowProducer({ connection, prefix });
        try {
          await flows.add(
            comparisonFlow({
              kind: 'station',
              comparisonId,
              campaignId,
              job: {
                comparisonId,
                station,
                task: { name: firstSimTask.name, instruction: firstSimTask.instruction },
                policies: { A: 'ws://127.0.0.1:9/a', B: 'ws://127.0.0.1:9/b' },
                episodeTimeLimitS: 60,
              },
            }),
          );
          await waitFor(() => (recorded.length > 0 ? true : undefined), {
            what: 'the station comparison to be recorded',
          });
          assert.equal(recorded[0]!.recorded, true);
          const episodes = await db
            .selectFrom('episodes')
            .select(['side', 'trajectory_ref'])
            .where('comparison_id', '=', comparisonId)
            .orderBy('side')
            .execute();
          assert.equal(episodes[1]!.trajectory_ref, null, 'B recorded nothing');
          const bytes = await artifacts.get(episodes[0]!.trajectory_ref!);
          assert.ok(bytes !== null);
          assert.deepEqual(decodeTrajectory(bytes), recording.trajectory);
          assert.equal(await redis.exists(stagedTrajectoryKey(prefix, comparisonId, 'A')), 0);
        } finally {
          await flows.close();
          await processor.close();
          await stationWorker.close();
          redis.disconnect();
        }
      }),
    );
  });
}

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import { serveBuiltinPolicy } from '../openpi/builtin-policy-session.ts';
import { queueConnection } from '../queue/connection.ts';
import {
  stationQueueName,
  stationSignalKey,
  type StationJobData,
  type StationJobProgress,
} from '../queue/station-job.ts';
import { spawnStationWorker } from '../workers/robot/station-process.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { waitFor } from './helpers/fixtures.ts';
import { sampleEvaluation, testStation, withStation } from './helpers/station.ts';
import { Redis } from 'ioredis';

test('closing a station mid-episode holds the robot and hands the job back for a fresh start', async () => {
  await withStation({ link: { realTime: true } }, async (fixture) => {
    const comparisonId = 'cmp-shutdown-1';
    await fixture.addComparison({ comparisonId, episodeTimeLimitS: 30 });
    await fixture.waitForPhase(comparisonId, 'reset-A');
    await fixture.signal(comparisonId, 'start-A');
    await fixture.waitForPhase(comparisonId, 'A');
    await sleep(500);
    const firstLink = fixture.link;
    assert.ok((firstLink.report('A')?.steps ?? 0) > 0, 'episode A is under way');

    const closing = Date.now();
    assert.equal(fixture.holds(), 0);
    assert.equal(await fixture.station.close(5_000), 'closed');
    assert.ok(Date.now() - closing < 2_000, 'the episode is abandoned at once, not run out');
    assert.ok(fixture.holds() >= 1, 'the robot was told to hold');
    assert.equal(await fixture.jobState(comparisonId), 'waiting', 'handed back, not failed');
    const handedBack = await fixture.queue.getJob(comparisonId);
    assert.equal((handedBack?.data as StationJobData).done, undefined, 'no half episode is kept');
    assert.equal(
      await fixture.signalExists(comparisonId, 'start-A'),
      false,
      'the start was consumed: the robot will not move again without a fresh one',
    );

    fixture.restartStation();
    await waitFor(() => ((fixture.phases.get(comparisonId) ?? []).length >= 3 ? true : undefined), {
      what: 'the restarted station to take the comparison',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    await sleep(500);
    assert.deepEqual(fixture.phases.get(comparisonId), ['reset-A', 'A', 'reset-A']);
    assert.equal(fixture.link.report('A'), undefined, 'the restarted station waits for start-A');

    await fixture.signal(comparisonId, 'start-A');
    await waitFor(() => ((fixture.phases.get(comparisonId) ?? []).length >= 4 ? true : undefined), {
      what: 'episode A to start again',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    await sleep(300);
    await fixture.signal(comparisonId, 'stop-A');
    await fixture.waitForPhase(comparisonId, 'reset-B');
    await fixture.signal(comparisonId, 'start-B');
    await fixture.waitForPhase(comparisonId, 'B');
    await sleep(300);
    await fixture.signal(comparisonId, 'stop-B');
    await fixture.waitForPhase(comparisonId, 'evaluation');
    await fixture.evaluate(comparisonId, sampleEvaluation());
    const result = await fixture.waitForResult(comparisonId);
    assert.equal(result.episodes.A.termination, 'stopped');
    assert.equal(result.episodes.B.termination, 'stopped');
  });
});

test('a station worker process exits 0 on SIGTERM mid-episode and leaves the job waiting', async () => {
  await withQueuePrefix(async (queuePrefix) => {
    const policy = await serveBuiltinPolicy('random', { port: 0 });
    const queue = new Queue<StationJobData>(stationQueueName(testStation), {
      connection: queueConnection(testRedisUrl),
      prefix: queuePrefix,
    });
    const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    const worker = spawnStationWorker({
      redisUrl: testRedisUrl,
      queuePrefix,
      station: testStation,
      link: { kind: 'simulated' },
    });
    try {
      const comparisonId = 'cmp-sigterm-1';
      await queue.add(
        'station-comparison',
        {
          comparisonId,
          station: testStation,
          task: { name: 'push-cube', instruction: 'push the red cube onto the green target' },
          policies: { A: policy.url, B: policy.url },
          episodeTimeLimitS: 60,
        },
        { jobId: comparisonId },
      );
      const phase = async (): Promise<string | undefined> =>
        ((await queue.getJob(comparisonId))?.progress as StationJobProgress | undefined)?.phase;
      await waitFor(async () => ((await phase()) === 'reset-A' ? true : undefined), {
        what: 'reset-A',
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      await redis.set(stationSignalKey(queuePrefix, comparisonId, 'start-A'), '1');
      await waitFor(async () => ((await phase()) === 'A' ? true : undefined), {
        what: 'episode A',
        timeoutMs: 20_000,
        intervalMs: 50,
      });
      await sleep(500);
      worker.process.kill('SIGTERM');
      assert.equal(await worker.exited, 0);
      assert.equal(await (await queue.getJob(comparisonId))?.getState(), 'waiting');
    } finally {
      await worker.stop();
      redis.disconnect();
      await queue.close();
      await policy.close();
    }
  });
});

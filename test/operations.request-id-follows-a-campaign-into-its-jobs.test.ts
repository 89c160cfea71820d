import { EndpointNetworks } from '../openpi/index.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import { comparisonQueueName, rolloutQueueName } from '../queue/names.ts';
import type { ComparisonJobData, RolloutJobData } from '../queue/rollout-job.ts';
import { registerPolicy } from '../services/catalog/policy-store.ts';
import { registerTask } from '../services/catalog/task-store.ts';
import { startServices } from '../services/start-services.ts';
import { startSimWorker } from '../workers/sim-worker.ts';
import { backends, withDatabaseLocation } from './helpers/databases.ts';
import { capturedLogger } from './helpers/captured-logger.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const backend of backends) {
  test(`the request that starts a campaign is named in its jobs, their log lines and the metrics (${backend})`, async () => {
    await withQueuePrefix((queuePrefix) =>
      withDatabaseLocation(backend, async ({ databaseUrl, dataDir }) => {
        const services = capturedLogger('info');
        const worker = capturedLogger('info');
        const running = await startServices({
          redisUrl: testRedisUrl,
          queuePrefix,
          databaseUrl,
          dataDir,
          port: 0,
          refitDebounceMs: 50,
          logger: services.logger,
        });
        const sim = startSimWorker({
          redisUrl: testRedisUrl,
          queuePrefix,
          policyNetworks: EndpointNetworks.publicOnly(),
          logger: worker.logger,
        });
        const queues = [comparisonQueueName, rolloutQueueName].map(
          (name) => new Queue(name, { connection: { url: testRedisUrl }, prefix: queuePrefix }),
        );
        try {
          const { db } = running.database;
          for (const name of ['expert', 'random'])
            await registerPolicy(db, { name, kind: 'builtin', builtin: name });
          await registerTask(db, {
            name: firstSimTask.name,
            simTask: firstSimTask.name,
            instruction: firstSimTask.instruction,
          });
          const created = await fetch(`${running.url}/api/campaigns`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-request-id': 'start-7f3a' },
            body: JSON.stringify({
              name: 'traced',
              policies: ['expert', 'random'],
              tasks: [firstSimTask.name],
              budget: 2,
              start: true,
            }),
          });
          assert.equal(created.status, 201);
          assert.equal(created.headers.get('x-request-id'), 'start-7f3a');
          const { campaign } = (await created.json()) as { campaign: { id: string } };
          await waitFor(
            async () => {
              const res = await fetch(`${running.url}/api/campaigns/${campaign.id}`);
              const body = (await res.json()) as { campaign: { status: string } };
              return body.campaign.status === 'completed' ? true : undefined;
            },
            { timeoutMs: 90_000, what: 'the campaign to complete' },
          );

          const comparisons = await db
            .selectFrom('comparisons')
            .select('id')
            .where('campaign_id', '=', campaign.id)
            .execute();
          assert.equal(comparisons.length, 2);
          const [comparisonQueue, rolloutQueue] = queues as [Queue, Queue];
          for (const { id } of comparisons) {
            const parent = await comparisonQueue.getJob(id);
            assert.equal((parent?.data as ComparisonJobData).requestId, 'start-7f3a');
            for (const side of ['A', 'B']) {
              const rollout = await rolloutQueue.getJob(`${id}-${side}`);
              assert.equal((rollout?.data as RolloutJobData).requestId, 'start-7f3a');
            }
          }

          const finished = worker.lines.filter((l) => l.msg === 'rollout finished');
          assert.equal(finished.length, 4);
          for (const line of finished) {
            assert.equal(line.requestId, 'start-7f3a');
            assert.equal(line.component, 'sim-worker');
            assert.ok(comparisons.some((c) => c.id === line.comparisonId));
          }
          const recorded = services.lines.filter((l) => l.msg === 'comparison recorded');
          assert.equal(recorded.length, 2);
          for (const line of recorded) assert.equal(line.requestId, 'start-7f3a');
          const requestLine = services.lines.find(
            (l) => l.msg === 'request' && l.requestId === 'start-7f3a',
          );
          assert.equal(requestLine?.route, '/api/campaigns');

          await running.refresher.refitNow(campaign.id);
          const text = await (await fetch(`${running.url}/metrics`)).text();
          const byOutcome = ['A', 'B', 'tie', 'failed', 'excluded'].map(
            (o) => sample(text, `arena_comparisons_total{outcome="${o}"}`) ?? 0,
          );
          assert.equal(
            byOutcome.reduce((a, b) => a + b),
            2,
          );
          const rollouts = ['success', 'failure', 'policy-error', 'error'].map(
            (o) => sample(text, `arena_rollouts_total{kind="sim",outcome="${o}"}`) ?? 0,
          );
          assert.equal(
            rollouts.reduce((a, b) => a + b),
            4,
          );
          assert.equal(sample(text, 'arena_rollout_duration_seconds_count{kind="sim"}'), 4);
          assert.ok((sample(text, 'arena_refit_duration_seconds_count{outcome="ok"}') ?? 0) >= 1);
          assert.equal(
            sample(text, `arena_queue_jobs{queue="${comparisonQueueName}",state="completed"}`),
            2,
          );
          assert.equal(
            sample(text, `arena_queue_jobs{queue="${rolloutQueueName}",state="waiting"}`),
            0,
          );
        } finally {
          await Promise.all(queues.map((q) => q.close()));
          await sim.close();
          await running.close();
        }
      }),
    );
  });
}

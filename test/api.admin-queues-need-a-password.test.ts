import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { queueConnection } from '../queue/connection.ts';
import { comparisonQueueName, rolloutQueueName } from '../queue/names.ts';
import { withDatabase } from './helpers/databases.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const simCatalog = { policies: ['expert'], tasks: [] };

test('the queue dashboard is closed without a password and asks for it when one is set', async () => {
  await withQueuePrefix(async (prefix) =>
    withDatabase('sqlite', async ({ db }, { dataDir }) => {
      const connection = queueConnection(testRedisUrl);
      const queues = [comparisonQueueName, rolloutQueueName].map(
        (name) => new Queue(name, { connection, prefix }),
      );
      try {
        const adminQueues = queues.map((queue) => ({ queue, description: `prefix ${prefix}` }));
        const artifacts = new LocalDirectoryStore(dataDir);

        const closed = request(createApp({ db, simCatalog, artifacts, adminQueues }));
        let res = await closed.get('/admin/queues').expect(403);
        assert.match(res.text, /ARENA_ADMIN_PASSWORD/);
        await closed.get('/admin/queues/api/queues').auth('admin', 'anything').expect(403);

        const open = request(
          createApp({ db, simCatalog, artifacts, adminQueues, adminPassword: 's3cret' }),
        );
        res = await open.get('/admin/queues').expect(401);
        assert.match(String(res.headers['www-authenticate']), /^Basic /);
        await open.get('/admin/queues').auth('admin', 'wrong').expect(401);
        await open.get('/admin/queues/api/queues').expect(401);

        res = await open.get('/admin/queues').auth('admin', 's3cret').expect(200);
        assert.match(res.text, /<html/i);
        res = await open.get('/admin/queues/api/queues').auth('admin', 's3cret').expect(200);
        const names = (res.body.queues as { name: string }[]).map((q) => q.name).sort();
        assert.deepEqual(names, [comparisonQueueName, rolloutQueueName]);
        // The dashboard reads this deployment's keys, not another prefix's.
        await queues[0]!.add('probe', {}, { jobId: 'probe-1' });
        res = await open
          .get(`/admin/queues/api/queues?activeQueue=${comparisonQueueName}&status=waiting`)
          .auth('admin', 's3cret')
          .expect(200);
        const comparisons = (
          res.body.queues as { name: string; counts: { waiting: number } }[]
        ).find((q) => q.name === comparisonQueueName);
        assert.equal(comparisons?.counts.waiting, 1);
      } finally {
        for (const queue of queues) await queue.close();
      }
    }),
  );
});

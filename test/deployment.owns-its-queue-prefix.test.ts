import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { QueuePrefixTakenError, queueOwnerKey } from '../services/deployment/claim-queue-prefix.ts';
import { startServices } from '../services/start-services.ts';
import { backends, withDatabaseLocation, type TestDatabaseLocation } from './helpers/databases.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

for (const backend of backends) {
  test(`${backend}: services refuse a queue prefix that another database owns, unless told to take it over`, async () => {
    await withQueuePrefix((queuePrefix) =>
      withDatabaseLocation(backend, (first) =>
        withDatabaseLocation(backend, async (second) => {
          const start = (location: TestDatabaseLocation, takeOverQueues = false) =>
            startServices({
              redisUrl: testRedisUrl,
              queuePrefix,
              ...location,
              port: 0,
              takeOverQueues,
            });
          const redis = new Redis(testRedisUrl);
          try {
            const owner = await start(first);
            const firstId = (
              await owner.database.db
                .selectFrom('deployment')
                .select('id')
                .executeTakeFirstOrThrow()
            ).id;
            assert.equal(await redis.get(queueOwnerKey(queuePrefix)), firstId);
            await owner.close();

            await assert.rejects(start(second), (error: unknown) => {
              assert.ok(error instanceof QueuePrefixTakenError);
              assert.equal(error.owner, firstId);
              assert.match(error.message, new RegExp(`prefix "${queuePrefix}"`));
              assert.match(error.message, /ARENA_QUEUE_PREFIX/);
              assert.match(error.message, /ARENA_TAKE_OVER_QUEUES=1/);
              return true;
            });
            assert.equal(await redis.get(queueOwnerKey(queuePrefix)), firstId, 'owner unchanged');

            // The owner restarts on its own prefix; the other takes over only when told to.
            await (await start(first)).close();
            const taker = await start(second, true);
            const secondId = (
              await taker.database.db
                .selectFrom('deployment')
                .select('id')
                .executeTakeFirstOrThrow()
            ).id;
            assert.notEqual(secondId, firstId);
            assert.equal(await redis.get(queueOwnerKey(queuePrefix)), secondId);
            await taker.close();
            await assert.rejects(start(first), QueuePrefixTakenError);
          } finally {
            redis.disconnect();
          }
        }),
      ),
    );
  });
}

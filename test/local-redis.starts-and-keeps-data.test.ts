import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { acquireRedis, freeLoopbackPort, RedisUnavailableError } from '../runtime/local-redis.ts';
import { testRedisUrl } from './helpers/redis.ts';

async function withDataDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-redis-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a Redis already answering is used, not started', async () => {
  await withDataDir(async (dir) => {
    const handle = await acquireRedis(undefined, dir, { localUrl: testRedisUrl });
    assert.equal(handle.url, testRedisUrl);
    assert.equal(handle.ownsServer, false);
    await handle.stop();
  });
});

test('without a Redis, redis-server is started with an append-only file, and a restart keeps the data', async () => {
  await withDataDir(async (dir) => {
    const nobody = `redis://127.0.0.1:${await freeLoopbackPort()}`;
    const first = await acquireRedis(undefined, dir, { localUrl: nobody });
    assert.equal(first.ownsServer, true);
    assert.notEqual(first.url, nobody);
    const client = new Redis(first.url);
    await client.set('survives', 'restart');
    const policy = (await client.config('GET', 'maxmemory-policy')) as string[];
    assert.deepEqual(policy, ['maxmemory-policy', 'noeviction']);
    client.disconnect();
    await first.stop();
    assert.ok(fs.existsSync(path.join(dir, 'redis')), 'the data directory was created');

    const second = await acquireRedis(undefined, dir, { localUrl: nobody });
    const again = new Redis(second.url);
    try {
      assert.equal(await again.get('survives'), 'restart');
    } finally {
      again.disconnect();
      await second.stop();
    }
  });
});

test('without a Redis and without redis-server, the error says how to install it', async () => {
  await withDataDir(async (dir) => {
    const nobody = `redis://127.0.0.1:${await freeLoopbackPort()}`;
    await assert.rejects(
      acquireRedis(undefined, dir, {
        localUrl: nobody,
        serverCommand: 'redis-server-not-installed',
      }),
      (error: unknown) =>
        error instanceof RedisUnavailableError &&
        /apt-get install redis-server/.test(error.message) &&
        /REDIS_URL/.test(error.message),
    );
  });
});

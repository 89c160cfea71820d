import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Gives `fn` a BullMQ key prefix of its own on the test Redis and deletes every key under it
 * afterwards, so tests never see each other's jobs.
 */
export async function withQueuePrefix<T>(fn: (prefix: string) => Promise<T>): Promise<T> {
  const prefix = `arena-test-${randomUUID().slice(0, 8)}`;
  try {
    return await fn(prefix);
  } finally {
    await deleteKeys(`${prefix}:*`);
  }
}

async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

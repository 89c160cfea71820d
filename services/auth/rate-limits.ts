import { Redis } from 'ioredis';
import { TokenBuckets } from './token-bucket.ts';

/** How many requests of one kind a key may make per minute. */
export interface RateLimitSettings {
  /** Votes per minute of one judge (default 20: watching two replays takes several seconds). */
  votesPerJudge: number;
  /** Votes per minute from one address (default 200: a lab or a classroom shares one). */
  votesPerAddress: number;
  /** Sign-in attempts per minute from one address (default 30). */
  signInsPerAddress: number;
}

export const defaultRateLimits: RateLimitSettings = {
  votesPerJudge: 20,
  votesPerAddress: 200,
  signInsPerAddress: 30,
};

export type RateLimitKind = 'vote-judge' | 'vote-address' | 'sign-in-address';

/** Spends one request of `kind` for `key`; false when that key is over its limit this minute. */
export interface RateLimiter {
  take(kind: RateLimitKind, key: string): Promise<boolean>;
  close(): Promise<void>;
}

const windowS = 60;

function limitOf(settings: RateLimitSettings, kind: RateLimitKind): number {
  switch (kind) {
    case 'vote-judge':
      return settings.votesPerJudge;
    case 'vote-address':
      return settings.votesPerAddress;
    case 'sign-in-address':
      return settings.signInsPerAddress;
  }
}

// One round trip, atomic: the window starts with a key's first request and ends with its TTL.
const countScript = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * Limits counted in Redis, so they hold across every API replica behind a load balancer (a
 * per-process count would give a client the limit once per replica). While Redis does not
 * answer, requests are let through: judging should not stop with the queue, and the unique
 * (judge, comparison) key still allows one vote per judge and comparison.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly settings: RateLimitSettings = defaultRateLimits,
  ) {
    // Commands wait for the first connection; while Redis is away they fail after one retry.
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    // Reconnects by itself; an error while away is the "let through" case above.
    this.redis.on('error', () => undefined);
  }

  async take(kind: RateLimitKind, key: string): Promise<boolean> {
    try {
      const count = await this.redis.eval(
        countScript,
        1,
        `${this.prefix}:rate:${kind}:${key}`,
        windowS,
      );
      return Number(count) <= limitOf(this.settings, kind);
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }
}

/** Limits counted in this process, for an app served without Redis (tests, a single replica). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<RateLimitKind, TokenBuckets>();

  constructor(private readonly settings: RateLimitSettings = defaultRateLimits) {}

  take(kind: RateLimitKind, key: string): Promise<boolean> {
    let buckets = this.buckets.get(kind);
    if (buckets === undefined) {
      const limit = limitOf(this.settings, kind);
      buckets = new TokenBuckets(limit, limit);
      this.buckets.set(kind, buckets);
    }
    return Promise.resolve(buckets.take(key));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

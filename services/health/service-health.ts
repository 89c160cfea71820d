import { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errorMessage } from '../../lib/error-message.ts';

/** A dependency that answers slower than this counts as down for the health report. */
const checkTimeoutMs = 2_000;

export interface DependencyCheck {
  ok: boolean;
  /** Why it is not ok, as its client reported it; null when ok. */
  error: string | null;
  latencyMs: number;
}

export interface HealthReport {
  /** `degraded` while the database or Redis does not answer: work waits and resumes by itself. */
  status: 'ok' | 'degraded';
  database: DependencyCheck;
  redis: DependencyCheck;
}

/**
 * Answers `/api/health`: asks the database and Redis for a trivial answer, each with a deadline.
 * Its Redis connection fails fast while Redis is away (no offline queue), unlike the queues',
 * which wait for Redis to return.
 */
export class ServiceHealth {
  private readonly redis: Redis;

  constructor(
    private readonly db: Kysely<Database>,
    redisUrl: string,
  ) {
    this.redis = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: checkTimeoutMs,
    });
    // Errors are what the report is for; the client keeps reconnecting on its own.
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      timed(async () => {
        await sql`select 1`.execute(this.db);
      }),
      timed(async () => {
        if (this.redis.status === 'wait') await this.redis.connect();
        await this.redis.ping();
      }),
    ]);
    return { status: database.ok && redis.ok ? 'ok' : 'degraded', database, redis };
  }

  close(): void {
    this.redis.disconnect();
  }
}

async function timed(probe: () => Promise<void>): Promise<DependencyCheck> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${checkTimeoutMs} ms`)),
      checkTimeoutMs,
    );
  });
  try {
    await Promise.race([probe(), deadline]);
    return { ok: true, error: null, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, error: errorMessage(error), latencyMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

import { errorMessage } from '../../lib/error-message.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** How often the evaluator's keys are polled, milliseconds. */
export const defaultSignalPollMs = 200;

/** A key being watched in the background: `seen` turns true once it exists, and stays true. */
export interface KeyWatch {
  readonly seen: boolean;
  /** Resolves when the key is first seen (never, if the watch stops first). */
  readonly appeared: Promise<void>;
  stop(): void;
}

/**
 * The station's reading of the evaluator's signals and evaluation: Redis keys set by services,
 * polled with one client per worker. Waiting is done with timers, so the event loop stays free
 * for BullMQ's lock renewal however long the evaluator takes.
 */
export class StationSignals {
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly pollMs = defaultSignalPollMs,
  ) {
    // Like BullMQ's worker connections: ride out a Redis restart instead of failing a wait.
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.redis.on('error', (error: Error) => console.error(`station signals: ${error.message}`));
  }

  /** The key's value once it exists; null if `signal` aborts first. */
  async waitForValue(key: string, signal: AbortSignal): Promise<string | null> {
    for (;;) {
      if (signal.aborted) return null;
      const value = await abortable(this.redis.get(key), signal);
      if (value === aborted) return null;
      if (value !== null) return value;
      await sleep(this.pollMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /** Polls for `key` in the background until it appears or the watch is stopped. */
  watch(key: string): KeyWatch {
    let seen = false;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let markSeen = (): void => undefined;
    const appeared = new Promise<void>((resolve) => {
      markSeen = resolve;
    });
    const poll = async (): Promise<void> => {
      try {
        if ((await this.redis.exists(key)) > 0) {
          seen = true;
          markSeen();
          return;
        }
      } catch (error) {
        console.error(`station signals: cannot read ${key}: ${errorMessage(error)}`);
      }
      if (!stopped) timer = setTimeout(() => void poll(), this.pollMs);
    };
    void poll();
    return {
      get seen() {
        return seen;
      },
      appeared,
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.redis.exists(key)) > 0;
  }

  /** Stores a value the services read (the station's profile); no expiry. */
  async put(key: string, value: string): Promise<void> {
    await this.redis.set(key, value);
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

const aborted = Symbol('aborted');

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof aborted> {
  if (signal.aborted) return Promise.resolve(aborted);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(aborted);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

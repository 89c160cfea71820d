import { Redis } from 'ioredis';
import type { LiveEvent, LiveEvents } from './live-events.ts';

/**
 * Carries live events between API replicas over Redis pub/sub: every replica publishes its
 * notices to one channel and fans out what it hears to its own event streams, so a dashboard
 * connected to any replica hears of a comparison recorded by another. A notice lost while Redis
 * is away costs only a slower refresh (pages keep a slow poll); this replica's own notices are
 * then delivered locally.
 */
export class RedisEventRelay {
  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly events: LiveEvents,
  ) {}

  static async start(
    redisUrl: string,
    queuePrefix: string,
    events: LiveEvents,
  ): Promise<RedisEventRelay> {
    const channel = `${queuePrefix}:live-events`;
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true };
    const publisher = new Redis(redisUrl, options);
    // A subscribing connection may only subscribe; it keeps retrying so it resubscribes after a
    // Redis restart (ioredis re-issues SUBSCRIBE on reconnect).
    const subscriber = new Redis(redisUrl, { lazyConnect: true });
    for (const connection of [publisher, subscriber]) {
      connection.on('error', (error: Error) => console.error(`live events: ${error.message}`));
    }
    await Promise.all([publisher.connect(), subscriber.connect()]);
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      const event = parseEvent(message);
      if (event !== undefined) events.publish(event);
    });
    await subscriber.subscribe(channel);
    return new RedisEventRelay(publisher, subscriber, channel, events);
  }

  publish(event: LiveEvent): void {
    this.publisher.publish(this.channel, JSON.stringify(event)).catch(() => {
      this.events.publish(event);
    });
  }

  close(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

/** Another deployment's or version's message on the channel is ignored, not trusted. */
function parseEvent(message: string): LiveEvent | undefined {
  try {
    const value = JSON.parse(message) as Partial<LiveEvent>;
    const known = value.type === 'campaign-changed' || value.type === 'ratings-refitted';
    return known && typeof value.campaignId === 'string'
      ? { type: value.type!, campaignId: value.campaignId }
      : undefined;
  } catch {
    return undefined;
  }
}

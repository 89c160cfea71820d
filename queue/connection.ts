import type { ConnectionOptions } from 'bullmq';

/**
 * Connection options for BullMQ queues, flow producers and workers. Options rather than a client
 * instance, so that BullMQ owns its connections and closes them in `close()` (it leaves a client
 * it was handed open). `maxRetriesPerRequest: null` is what BullMQ requires of workers: they
 * block on Redis and must ride out a Redis restart by retrying instead of failing the job in hand.
 */
export function queueConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}

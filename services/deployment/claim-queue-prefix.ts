import { Redis } from 'ioredis';

/** The key under a queue prefix that names the deployment whose queues live there. */
export function queueOwnerKey(queuePrefix: string): string {
  return `${queuePrefix}:deployment`;
}

export class QueuePrefixTakenError extends Error {
  override name = 'QueuePrefixTakenError';
  constructor(
    readonly queuePrefix: string,
    readonly owner: string,
    readonly deploymentId: string,
  ) {
    super(
      `the queues under prefix "${queuePrefix}" in this Redis belong to another deployment ` +
        `(${owner}; this database is ${deploymentId}), and sharing them would hand each ` +
        `deployment the other's comparisons. Set ARENA_QUEUE_PREFIX to a prefix of this ` +
        `deployment's own; or, if that deployment is gone for good, start once with ` +
        `ARENA_TAKE_OVER_QUEUES=1 (or arena up --take-over-queues) to make the prefix this one's.`,
    );
  }
}

export interface ClaimOptions {
  /** Replace another deployment's claim instead of refusing to start. */
  takeOver?: boolean;
}

/**
 * Records `deploymentId` as the owner of the queues under `queuePrefix`, unless another
 * deployment (another database) already owns them: then it throws QueuePrefixTakenError, or with
 * `takeOver` replaces the owner. Returns the previous owner when it took over, else null.
 */
export async function claimQueuePrefix(
  redisUrl: string,
  queuePrefix: string,
  deploymentId: string,
  { takeOver = false }: ClaimOptions = {},
): Promise<string | null> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const key = queueOwnerKey(queuePrefix);
    for (;;) {
      if ((await redis.set(key, deploymentId, 'NX')) === 'OK') return null;
      const owner = await redis.get(key);
      // Deleted between the two commands: try to claim it again.
      if (owner === null) continue;
      if (owner === deploymentId) return null;
      if (!takeOver) throw new QueuePrefixTakenError(queuePrefix, owner, deploymentId);
      await redis.set(key, deploymentId);
      return owner;
    }
  } finally {
    redis.disconnect();
  }
}

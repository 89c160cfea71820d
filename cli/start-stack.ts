import { loadConfig } from '../runtime/config.ts';
import { deploymentSecret, deploymentSecretText } from '../runtime/deployment-secret.ts';
import { acquireRedis, type RedisHandle } from '../runtime/local-redis.ts';
import { startServices, type RunningServices } from '../services/start-services.ts';
import { spawnSimWorkers, type WorkerPool } from '../workers/worker-pool.ts';

export interface Stack {
  redis: RedisHandle;
  services: RunningServices;
  workers: WorkerPool;
  /** Stops workers first (they finish their rollouts), then services, then a Redis we started. */
  stop(): Promise<void>;
}

export interface StackOptions {
  simWorkers: number;
  /** Overrides PORT. */
  port?: number;
  /** Listen on a free port when the port is taken, instead of failing (the demo's choice). */
  freePortIfTaken?: boolean;
  /** Overrides ARENA_TAKE_OVER_QUEUES. */
  takeOverQueues?: boolean;
}

/** A port already in use, with what to do about it. */
export class PortTakenError extends Error {
  override name = 'PortTakenError';
  constructor(readonly port: number) {
    super(
      `port ${port} is taken by another process; set PORT (or --port) to a free port, or stop what listens on ${port}`,
    );
  }
}

/** Everything on one machine: Redis (found or started), services, and `simWorkers` sim workers. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const config = loadConfig();
  const redis = await acquireRedis(config.redisUrl, config.dataDir);
  const secretText = deploymentSecretText(config.secret, config.dataDir, { create: true })!;
  const serviceOptions = {
    redisUrl: redis.url,
    queuePrefix: config.queuePrefix,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    artifactDir: config.artifactDir,
    port: options.port ?? config.port,
    host: config.host,
    adminPassword: config.adminPassword,
    publicUrl: config.publicUrl,
    metricsToken: config.metricsToken,
    trustProxy: config.trustProxy,
    takeOverQueues: options.takeOverQueues ?? config.takeOverQueues,
    policyNetworks: config.policyNetworks,
    jobSecret: deploymentSecret(secretText),
    secret: config.secret,
    rateLimits: config.rateLimits,
  };
  let services: RunningServices;
  try {
    services = await startServices(serviceOptions);
  } catch (error) {
    const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!taken || options.freePortIfTaken !== true) {
      await redis.stop();
      throw taken ? new PortTakenError(serviceOptions.port) : error;
    }
    console.error(`arena: port ${serviceOptions.port} is taken; using a free port instead`);
    services = await startServices({ ...serviceOptions, port: 0 });
  }
  const workers = spawnSimWorkers(options.simWorkers, {
    redisUrl: redis.url,
    queuePrefix: config.queuePrefix,
    policyNetworks: config.policyNetworks.describe(),
    secret: secretText,
  });
  return {
    redis,
    services,
    workers,
    stop: async () => {
      await workers.stop();
      await services.close();
      await redis.stop();
    },
  };
}

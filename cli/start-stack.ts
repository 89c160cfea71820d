import { loadConfig } from '../runtime/config.ts';
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

/** Everything on one machine: Redis (found or started), services, and `simWorkers` sim workers. */
export async function startStack(options: { simWorkers: number; port?: number }): Promise<Stack> {
  const config = loadConfig();
  const redis = await acquireRedis(config.redisUrl, config.dataDir);
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
    secret: config.secret,
  };
  let services: RunningServices;
  try {
    services = await startServices(serviceOptions);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      await redis.stop();
      throw error;
    }
    console.error(`arena: port ${serviceOptions.port} is taken; using a free port instead`);
    services = await startServices({ ...serviceOptions, port: 0 });
  }
  const workers = spawnSimWorkers(options.simWorkers, {
    redisUrl: redis.url,
    queuePrefix: config.queuePrefix,
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

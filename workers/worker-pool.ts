import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerEntry = fileURLToPath(new URL('./sim-worker-process.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

export interface WorkerPool {
  readonly processes: readonly ChildProcess[];
  /** SIGTERM to every worker; resolves when all have exited. */
  stop(): Promise<void>;
}

/**
 * Starts `count` sim worker processes, one MuJoCo instance each, so rollouts use every core.
 * Each gets the Redis URL, queue prefix and (when given) the services' policy networks and
 * deployment secret through
 * its environment, and an IPC channel whose closing tells it the parent is gone.
 */
export function spawnSimWorkers(
  count: number,
  env: { redisUrl: string; queuePrefix: string; policyNetworks?: string; secret?: string },
): WorkerPool {
  const processes = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', tsxLoader, workerEntry], {
      env: {
        ...process.env,
        REDIS_URL: env.redisUrl,
        ARENA_QUEUE_PREFIX: env.queuePrefix,
        ...(env.policyNetworks === undefined ? {} : { ARENA_POLICY_NETWORKS: env.policyNetworks }),
        ...(env.secret === undefined ? {} : { ARENA_SECRET: env.secret }),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  return {
    processes,
    stop: () =>
      Promise.all(
        processes.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      ).then(() => undefined),
  };
}

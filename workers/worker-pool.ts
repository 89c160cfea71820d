import { spawn, type ChildProcess } from 'node:child_process';
import { siblingModule } from '../runtime/sibling-module.ts';

const workerEntry = siblingModule(import.meta.url, './sim-worker-process');

/** Wait before restarting a crashed worker: doubles per crash in a row, up to the maximum. */
const firstRestartDelayMs = 1_000;
const maxRestartDelayMs = 30_000;
/** A worker that ran this long before crashing is restarted after the first delay again. */
const stableRunMs = 60_000;

export interface WorkerPool {
  /** The worker processes running now (a restarted worker replaces its crashed one). */
  readonly processes: readonly ChildProcess[];
  /** How many crashed workers have been restarted so far. */
  readonly restarts: number;
  /** SIGTERM to every worker; resolves when all have exited. No worker is restarted after. */
  stop(): Promise<void>;
}

/**
 * Starts `count` sim worker processes, one MuJoCo instance each, so rollouts use every core.
 * Each gets the Redis URL, queue prefix and (when given) the services' policy networks and deployment
 * secret through its environment, and an IPC channel whose closing tells it the parent is gone. A worker that
 * crashes (exits non-zero or is killed by a signal) is restarted with exponential backoff and
 * logged; one that exits 0 (it was asked to stop) is not. Its rollout in hand is retried by
 * BullMQ once its lock lapses.
 */
export function spawnSimWorkers(
  count: number,
  env: { redisUrl: string; queuePrefix: string; policyNetworks?: string; secret?: string },
): WorkerPool {
  let stopping = false;
  let restarts = 0;
  const processes: ChildProcess[] = [];
  const pendingRestarts = new Set<NodeJS.Timeout>();

  const start = (slot: number, delayMs: number): void => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [...workerEntry.execArgv, workerEntry.file], {
      env: {
        ...process.env,
        REDIS_URL: env.redisUrl,
        ARENA_QUEUE_PREFIX: env.queuePrefix,
        ...(env.policyNetworks === undefined ? {} : { ARENA_POLICY_NETWORKS: env.policyNetworks }),
        ...(env.secret === undefined ? {} : { ARENA_SECRET: env.secret }),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    processes[slot] = child;
    child.once('exit', (code, signal) => {
      if (stopping || (code === 0 && signal === null)) return;
      const ranMs = Date.now() - startedAt;
      const delay = ranMs >= stableRunMs ? firstRestartDelayMs : delayMs;
      console.error(
        `arena: sim worker ${child.pid} exited (${signal ?? `code ${code}`}) after ${ranMs} ms; restarting in ${delay} ms`,
      );
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        if (stopping) return;
        restarts += 1;
        start(slot, Math.min(maxRestartDelayMs, delay * 2));
      }, delay);
      pendingRestarts.add(timer);
    });
  };
  for (let slot = 0; slot < count; slot++) start(slot, firstRestartDelayMs);

  return {
    get processes() {
      return [...processes];
    },
    get restarts() {
      return restarts;
    },
    stop: () => {
      stopping = true;
      for (const timer of pendingRestarts) clearTimeout(timer);
      pendingRestarts.clear();
      return Promise.all(
        processes.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      ).then(() => undefined);
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { siblingModule } from '../../runtime/sibling-module.ts';
import type { RobotLinkSpec } from './create-robot-link.ts';

const stationEntry = siblingModule(import.meta.url, './station-worker-process');

export interface StationProcess {
  readonly process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts the worker process of one station. It gets Redis, the queue prefix, the station name and
 * the robot link through its environment, and an IPC channel whose closing tells it the parent
 * is gone.
 */
export function spawnStationWorker(env: {
  redisUrl: string;
  queuePrefix: string;
  station: string;
  link: RobotLinkSpec;
  /** Rows of each action chunk run open-loop before asking again; the whole chunk if unset. */
  openLoopSteps?: number | undefined;
}): StationProcess {
  const child = spawn(process.execPath, [...stationEntry.execArgv, stationEntry.file], {
    env: {
      ...process.env,
      REDIS_URL: env.redisUrl,
      ARENA_QUEUE_PREFIX: env.queuePrefix,
      ARENA_STATION: env.station,
      ARENA_ROBOT_LINK: JSON.stringify(env.link),
      ...(env.openLoopSteps === undefined
        ? {}
        : { ARENA_OPEN_LOOP_STEPS: String(env.openLoopSteps) }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
  });
  return {
    process: child,
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

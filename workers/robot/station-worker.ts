import { errorMessage } from '../../lib/error-message.ts';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { queueConnection } from '../../queue/connection.ts';
import {
  stationNamePattern,
  stationProfileKey,
  stationQueueName,
  type StationProfile,
  type StationJobData,
  type StationJobResult,
} from '../../queue/station-job.ts';
import { openpiPolicyConnector } from './openpi-policy-connector.ts';
import type { PolicyConnector } from './policy-connection.ts';
import type { RobotLink } from './robot-link.ts';
import { StationShutdownError } from './station-episode.ts';
import { processStationJob, StationMismatchError } from './station-job-processor.ts';
import { InvalidStationInputError } from './station-job-schemas.ts';
import { defaultSignalPollMs, StationSignals } from './station-signals.ts';

export interface StationWorkerOptions {
  redisUrl: string;
  queuePrefix: string;
  /** The station's name (see `stationNamePattern`); the worker takes jobs from its queue. */
  station: string;
  /** The robot. The station worker owns it from now on and closes it in `close()`. */
  link: RobotLink;
  /** What kind of robot `link` is, for the station's announced profile (default simulated). */
  linkKind?: StationProfile['link'];
  /** Opens the policy behind a handle; the openpi websocket client by default. */
  connectPolicy?: PolicyConnector;
  /** How often the evaluator's keys are polled, ms (default 200). */
  signalPollMs?: number;
  /** Longest wait for a policy connection or one inference, ms (default 30 s). */
  policyTimeoutMs?: number;
  /** Rows of each action chunk run open-loop before asking again; the whole chunk if unset. */
  maxOpenLoopSteps?: number;
  /**
   * BullMQ's job lock, ms (default 30 s, renewed at half of it); also how often the worker looks
   * for stalled jobs. Shorter only to prove in tests that long waits keep the lock.
   */
  lockDurationMs?: number;
}

export interface StationWorker {
  readonly worker: Worker<StationJobData, StationJobResult>;
  /**
   * Stops taking jobs and abandons the comparison in hand: an episode in progress ends with the
   * robot holding, and the job goes back to waiting with the episodes it finished, for the next
   * start of the station. Then closes the robot link and Redis connections. Resolves `'closed'`,
   * or `'timed-out'` when the worker had not let go of its job after `graceMs`.
   */
  close(graceMs?: number): Promise<'closed' | 'timed-out'>;
}

/** How long `close()` waits for the job in hand to be handed back, by default. */
export const defaultStationShutdownGraceMs = 10_000;

export class InvalidStationNameError extends Error {
  override name = 'InvalidStationNameError';
}

/**
 * Runs one station's comparisons, one at a time: the robot can do only one thing. A comparison
 * waits for its evaluator (start, stop, scores) through Redis keys; those waits are timers, so
 * BullMQ keeps renewing the job's lock however long the evaluator takes.
 */
export function startStationWorker(options: StationWorkerOptions): StationWorker {
  if (!stationNamePattern.test(options.station)) {
    throw new InvalidStationNameError(
      `station name "${options.station}" is invalid: use 1 to 40 lowercase letters, digits and "-", starting with a letter or digit`,
    );
  }
  const shutdown = new AbortController();
  const connectPolicy =
    options.connectPolicy ??
    openpiPolicyConnector(
      options.policyTimeoutMs === undefined ? {} : { timeoutMs: options.policyTimeoutMs },
    );
  const signals = new StationSignals(options.redisUrl, options.signalPollMs ?? defaultSignalPollMs);
  // Services read this when a campaign names the station, to refuse policies it cannot feed.
  const profile: StationProfile = {
    link: options.linkKind ?? 'simulated',
    arenaLayout: options.link.observationLayout.arenaLayout,
    keys: [...options.link.observationLayout.keys],
    actionLength: options.link.actionLength,
    announcedAt: new Date().toISOString(),
  };
  const announced = signals
    .put(stationProfileKey(options.queuePrefix, options.station), JSON.stringify(profile))
    .catch((error: unknown) =>
      console.error(`station ${options.station}: announcing its profile: ${errorMessage(error)}`),
    );
  const worker = new Worker<StationJobData, StationJobResult>(
    stationQueueName(options.station),
    async (job, token) => {
      try {
        return await processStationJob(job, {
          station: options.station,
          queuePrefix: options.queuePrefix,
          link: options.link,
          signals,
          connectPolicy,
          shutdown: shutdown.signal,
          ...(options.policyTimeoutMs === undefined
            ? {}
            : { policyTimeoutMs: options.policyTimeoutMs }),
          ...(options.maxOpenLoopSteps === undefined
            ? {}
            : { maxOpenLoopSteps: options.maxOpenLoopSteps }),
        });
      } catch (error) {
        if (error instanceof StationShutdownError) {
          // Handed back, not failed: the restarted station resumes it from its `done` episodes.
          await job.moveToWait(token);
          throw new WaitingError();
        }
        if (error instanceof InvalidStationInputError || error instanceof StationMismatchError) {
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
    },
    {
      connection: queueConnection(options.redisUrl),
      prefix: options.queuePrefix,
      concurrency: 1,
      ...(options.lockDurationMs === undefined
        ? {}
        : { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }),
    },
  );
  worker.on('error', (error) => console.error(`station ${options.station}: ${error.message}`));
  worker.on('failed', (job, error) =>
    console.error(
      `station ${options.station}: comparison ${job?.id ?? '?'} failed: ${error.message}`,
    ),
  );

  let closing: Promise<'closed' | 'timed-out'> | undefined;
  return {
    worker,
    close(graceMs = defaultStationShutdownGraceMs) {
      closing ??= (async () => {
        shutdown.abort();
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'timed-out'>((resolve) => {
          timer = setTimeout(() => resolve('timed-out'), graceMs);
        });
        const how = await Promise.race([worker.close().then(() => 'closed' as const), deadline]);
        clearTimeout(timer);
        await announced;
        await Promise.all([finalHold(options.station, options.link), signals.close()]);
        return how;
      })();
      return closing;
    },
  };
}

/**
 * The robot's last command from this station: hold, then release the link. Neither may throw
 * out of shutdown (a link failing synchronously included): the process must still exit cleanly.
 */
async function finalHold(station: string, link: RobotLink): Promise<void> {
  try {
    await link.hold();
  } catch (error) {
    console.error(
      `station ${station}: the robot did not take the final hold: ${errorMessage(error)}`,
    );
  }
  try {
    await link.close();
  } catch (error) {
    console.error(`station ${station}: closing the robot link: ${errorMessage(error)}`);
  }
}

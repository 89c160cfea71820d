import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { serveBuiltinPolicy } from '../../openpi/builtin-policy-session.ts';
import type { OpenpiServer } from '../../openpi/openpi-server.ts';
import { queueConnection } from '../../queue/connection.ts';
import {
  stationEvaluationKey,
  stationKeyTtlS,
  stationQueueName,
  stationSignalKey,
  type StationEvaluation,
  type StationJobData,
  type StationJobProgress,
  type StationJobResult,
  type StationPhase,
  type StationSignal,
} from '../../queue/station-job.ts';
import {
  SimulatedRobotLink,
  type SimulatedRobotLinkOptions,
} from '../../workers/robot/simulated-robot-link.ts';
import type { RobotLink } from '../../workers/robot/robot-link.ts';
import { startStationWorker, type StationWorker } from '../../workers/robot/station-worker.ts';
import { waitFor } from './fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './redis.ts';

export const testStation = 'test-station';

/** A station worker on a simulated robot, its queue, and the evaluator's side of Redis. */
export interface StationFixture {
  prefix: string;
  queue: Queue<StationJobData, StationJobResult>;
  link: SimulatedRobotLink;
  /** How many times the station told the current robot to hold. */
  holds(): number;
  station: StationWorker;
  /** openpi URLs of built-in policies served for the test, by policy name. */
  policyUrls: Record<string, string>;
  /** Ids of jobs BullMQ found stalled (their lock lapsed), in order. */
  stalled: string[];
  /** Every phase each job reported, in order, by job id. */
  phases: Map<string, StationPhase[]>;
  /** Adds a comparison job (job id = comparison id). */
  addComparison(data: Partial<StationJobData> & { comparisonId: string }): Promise<Job>;
  /** What the evaluator page does through services: sets a signal key. */
  signal(comparisonId: string, signal: StationSignal): Promise<void>;
  signalExists(comparisonId: string, signal: StationSignal): Promise<boolean>;
  /** Stores the evaluator's scores as services do (SET NX). */
  evaluate(comparisonId: string, evaluation: StationEvaluation | string): Promise<void>;
  /** Resolves once the job has reported `phase`. */
  waitForPhase(comparisonId: string, phase: StationPhase, timeoutMs?: number): Promise<void>;
  jobState(comparisonId: string): Promise<string>;
  /** The job's return value once it has completed. */
  waitForResult(comparisonId: string, timeoutMs?: number): Promise<StationJobResult>;
  /** The job's failure reason once it has failed. */
  waitForFailure(comparisonId: string, timeoutMs?: number): Promise<string>;
  /** Starts the station worker again (after `station.close()`), on a fresh simulated robot. */
  restartStation(): void;
}

export interface StationFixtureOptions {
  /** Built-in policies to serve over openpi (default expert and random). */
  policies?: readonly string[];
  link?: SimulatedRobotLinkOptions;
  /**
   * Another robot instead of the simulated one (e.g. the ROS 2 link on a fake installation);
   * the test owns it. `fixture.link` is then unavailable; `holds()` still counts.
   */
  robotLink?: RobotLink;
  /** BullMQ lock of the station worker, ms (default BullMQ's 30 s). */
  lockDurationMs?: number;
  /** Rows of each action chunk the station runs before asking again (default: all). */
  maxOpenLoopSteps?: number;
}

/** The evaluator's scores a test submits unless it needs others. */
export function sampleEvaluation(overrides: Partial<StationEvaluation> = {}): StationEvaluation {
  return {
    progressA: 80,
    progressB: 20,
    preference: 'A',
    comment: 'A reached the ball, B wandered',
    evaluator: 'evaluator-1',
    submittedAt: new Date().toISOString(),
    ...overrides,
  };
}

/**
 * Runs `fn` with a station worker (simulated robot, signals polled every 50 ms) on a queue
 * prefix of its own, with built-in policies served over openpi; closes everything afterwards.
 */
export async function withStation<T>(
  options: StationFixtureOptions,
  fn: (fixture: StationFixture) => Promise<T>,
): Promise<T> {
  return withQueuePrefix(async (prefix) => {
    const servers: OpenpiServer[] = [];
    const queue = new Queue<StationJobData, StationJobResult>(stationQueueName(testStation), {
      connection: queueConnection(testRedisUrl),
      prefix,
    });
    const events = new QueueEvents(stationQueueName(testStation), {
      connection: queueConnection(testRedisUrl),
      prefix,
    });
    const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    const phases = new Map<string, StationPhase[]>();
    const phaseListeners = new Set<() => void>();
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    events.on('progress', ({ jobId, data }) => {
      const progress = data as StationJobProgress;
      phases.set(jobId, [...(phases.get(jobId) ?? []), progress.phase]);
      for (const listener of phaseListeners) listener();
    });
    let station: StationWorker | undefined;
    let link: SimulatedRobotLink | undefined;
    let holds = 0;
    const start = (): void => {
      link =
        options.robotLink === undefined
          ? new SimulatedRobotLink({ realTime: false, ...options.link })
          : undefined;
      const robot: RobotLink = link ?? options.robotLink!;
      holds = 0;
      // What the station drives: the robot, counting holds. The station closes its link on
      // close(); a robot the test owns is closed by the test.
      const stationLink: RobotLink = {
        get controlHz() {
          return robot.controlHz;
        },
        get actionLength() {
          return robot.actionLength;
        },
        get actionColumns() {
          return robot.actionColumns;
        },
        get observationLayout() {
          return robot.observationLayout;
        },
        ...(robot.clock === undefined ? {} : { clock: robot.clock }),
        begin: (episode) => robot.begin(episode),
        observe: () => robot.observe(),
        command: (action) => robot.command(action),
        hold: () => {
          holds += 1;
          return robot.hold();
        },
        close: () => (link === undefined ? Promise.resolve() : robot.close()),
        recordedState: () => robot.recordedState?.(),
      };
      station = startStationWorker({
        redisUrl: testRedisUrl,
        queuePrefix: prefix,
        station: testStation,
        link: stationLink,
        signalPollMs: 50,
        ...(options.lockDurationMs === undefined ? {} : { lockDurationMs: options.lockDurationMs }),
        ...(options.maxOpenLoopSteps === undefined
          ? {}
          : { maxOpenLoopSteps: options.maxOpenLoopSteps }),
      });
    };
    try {
      await events.waitUntilReady();
      for (const name of options.policies ?? ['expert', 'random']) {
        servers.push(await serveBuiltinPolicy(name, { port: 0 }));
      }
      const policyUrls = Object.fromEntries(
        (options.policies ?? ['expert', 'random']).map((name, index) => [
          name,
          servers[index]?.url ?? '',
        ]),
      );
      start();
      const fixture: StationFixture = {
        prefix,
        queue,
        get link() {
          if (link === undefined) throw new Error('this station runs the test’s own robot link');
          return link;
        },
        holds: () => holds,
        get station() {
          return station!;
        },
        policyUrls,
        stalled,
        phases,
        addComparison: (data) =>
          queue.add(
            'station-comparison',
            {
              station: testStation,
              task: { name: 'reach', instruction: 'move the gripper to the green ball' },
              policies: { A: policyUrls.expert ?? '', B: policyUrls.random ?? '' },
              episodeTimeLimitS: 2,
              ...data,
            },
            { jobId: data.comparisonId },
          ),
        signal: async (comparisonId, signal) => {
          await redis.set(
            stationSignalKey(prefix, comparisonId, signal),
            new Date().toISOString(),
            'EX',
            stationKeyTtlS,
          );
        },
        signalExists: async (comparisonId, signal) =>
          (await redis.exists(stationSignalKey(prefix, comparisonId, signal))) > 0,
        evaluate: async (comparisonId, evaluation) => {
          await redis.set(
            stationEvaluationKey(prefix, comparisonId),
            typeof evaluation === 'string' ? evaluation : JSON.stringify(evaluation),
            'EX',
            stationKeyTtlS,
            'NX',
          );
        },
        waitForPhase: (comparisonId, phase, timeoutMs = 20_000) =>
          new Promise<void>((resolve, reject) => {
            const check = (): void => {
              if (!(phases.get(comparisonId) ?? []).includes(phase)) return;
              clearTimeout(timer);
              phaseListeners.delete(check);
              resolve();
            };
            const timer = setTimeout(() => {
              phaseListeners.delete(check);
              reject(
                new Error(
                  `job ${comparisonId} did not reach phase ${phase} within ${timeoutMs} ms (phases: ${(phases.get(comparisonId) ?? []).join(', ')})`,
                ),
              );
            }, timeoutMs);
            phaseListeners.add(check);
            check();
          }),
        jobState: async (comparisonId) =>
          (await queue.getJob(comparisonId))?.getState() ?? 'missing',
        waitForResult: (comparisonId, timeoutMs) =>
          waitFor(
            async () => {
              if ((await fixture.jobState(comparisonId)) !== 'completed') return undefined;
              return (await queue.getJob(comparisonId))?.returnvalue;
            },
            {
              what: `comparison ${comparisonId} to complete`,
              timeoutMs: timeoutMs ?? 20_000,
              intervalMs: 50,
            },
          ),
        waitForFailure: (comparisonId, timeoutMs) =>
          waitFor(
            async () => {
              if ((await fixture.jobState(comparisonId)) !== 'failed') return undefined;
              return (await queue.getJob(comparisonId))?.failedReason;
            },
            {
              what: `comparison ${comparisonId} to fail`,
              timeoutMs: timeoutMs ?? 20_000,
              intervalMs: 50,
            },
          ),
        restartStation: start,
      };
      return await fn(fixture);
    } finally {
      await station?.close(5_000);
      await Promise.all(servers.map((server) => server.close()));
      await events.close();
      await queue.close();
      redis.disconnect();
    }
  });
}

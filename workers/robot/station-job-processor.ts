import type { Job } from 'bullmq';
import type { EpisodeSide } from '../../contract/literals.ts';
import {
  stationEvaluationKey,
  stationSignalKey,
  type StationEpisodeResult,
  type StationJobData,
  type StationJobProgress,
  type StationJobResult,
  type StationPhase,
} from '../../queue/station-job.ts';
import type { PolicyConnector } from './policy-connection.ts';
import type { RobotLink } from './robot-link.ts';
import { StationShutdownError, runStationEpisode } from './station-episode.ts';
import { parseStationEvaluation, parseStationJobData } from './station-job-schemas.ts';
import type { StationSignals } from './station-signals.ts';

export interface StationJobContext {
  station: string;
  queuePrefix: string;
  link: RobotLink;
  signals: StationSignals;
  connectPolicy: PolicyConnector;
  /** Aborts when the station shuts down: the comparison in hand is abandoned, not failed. */
  shutdown: AbortSignal;
  policyTimeoutMs?: number;
  maxOpenLoopSteps?: number;
}

const sides: readonly EpisodeSide[] = ['A', 'B'];

/**
 * One comparison at the station: for A then B, wait for the evaluator's start, run the episode
 * and write its result into the job data; then wait for the evaluator's scores and return them
 * with both episodes. Episodes already in `data.done` are not run again. Throws
 * InvalidStationInputError or StationMismatchError for data it cannot act on, and
 * StationShutdownError when the station shuts down (the job should go back to waiting).
 */
export async function processStationJob(
  job: Job<StationJobData, StationJobResult>,
  context: StationJobContext,
): Promise<StationJobResult> {
  const data = parseStationJobData(job.data);
  if (data.station !== context.station) {
    throw new StationMismatchError(
      `job ${job.id ?? '?'} is for station "${data.station}", this is "${context.station}"`,
    );
  }
  const { comparisonId } = data;
  const { signals, shutdown, queuePrefix } = context;
  const signalKey = (signal: `${'start' | 'stop'}-${EpisodeSide}`): string =>
    stationSignalKey(queuePrefix, comparisonId, signal);
  const enterPhase = (phase: StationPhase): Promise<void> =>
    job.updateProgress({ phase, since: new Date().toISOString() } satisfies StationJobProgress);
  let done: Partial<Record<EpisodeSide, StationEpisodeResult>> = { ...data.done };

  for (const side of sides) {
    if (done[side] !== undefined) continue;
    await enterPhase(`reset-${side}`);
    const start = await signals.waitForValue(signalKey(`start-${side}`), shutdown);
    if (start === null) throw new StationShutdownError('station shutting down');
    // Consumed, so that an episode abandoned by a restart waits for a fresh start: the
    // evaluator resets the scene before the robot moves again.
    await signals.delete(signalKey(`start-${side}`));
    // A stop left from an abandoned attempt must not end the episode before it starts. Cleared
    // only now, after the start: one written during the reset (however late in it) is stale too,
    // and the services accept a stop for this episode only once its phase has begun, below.
    await signals.delete(signalKey(`stop-${side}`));
    await enterPhase(side);
    const stop = signals.watch(signalKey(`stop-${side}`));
    let result: StationEpisodeResult;
    try {
      result = await runStationEpisode(
        {
          comparisonId,
          side,
          task: data.task,
          policyUrl: data.policies[side],
          timeLimitS: data.episodeTimeLimitS,
        },
        {
          link: context.link,
          connectPolicy: context.connectPolicy,
          stop,
          shutdown,
          ...(context.policyTimeoutMs === undefined
            ? {}
            : { policyTimeoutMs: context.policyTimeoutMs }),
          ...(context.maxOpenLoopSteps === undefined
            ? {}
            : { maxOpenLoopSteps: context.maxOpenLoopSteps }),
        },
      );
    } finally {
      stop.stop();
    }
    done = { ...done, [side]: result };
    await job.updateData({ ...job.data, done });
  }

  await enterPhase('evaluation');
  const evaluationJson = await signals.waitForValue(
    stationEvaluationKey(queuePrefix, comparisonId),
    shutdown,
  );
  if (evaluationJson === null) throw new StationShutdownError('station shutting down');
  const evaluation = parseStationEvaluation(evaluationJson);
  const { A, B } = done;
  // Both are set by the loop above; the check keeps the types honest.
  if (A === undefined || B === undefined) throw new Error('an episode result is missing');
  return { comparisonId, station: data.station, episodes: { A, B }, evaluation };
}

/** A job on this station's queue that names another station. */
export class StationMismatchError extends Error {
  override name = 'StationMismatchError';
}

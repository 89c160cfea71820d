import { errorMessage } from '../../lib/error-message.ts';
import type { EpisodeSide } from '../../contract/literals.ts';
import type { StationEpisodeResult } from '../../queue/station-job.ts';
import { actionRows } from './action-chunk.ts';
import { wallClock } from './control-clock.ts';
import type { PolicyConnection, PolicyConnector } from './policy-connection.ts';
import type { RobotLink } from './robot-link.ts';
import { encodeStationRecording } from '../../queue/station-recording.ts';
import {
  StationEpisodeRecorder,
  type StationEpisodeRecorderOptions,
} from './station-episode-recorder.ts';
import { type KeyWatch } from './station-signals.ts';

/** Longest a policy server may take to accept a connection or answer one observation. */
export const defaultPolicyTimeoutMs = 30_000;

export interface StationEpisodeSpec {
  comparisonId: string;
  side: EpisodeSide;
  task: { name: string; instruction: string };
  /** The opaque openpi handle of the policy for this side. */
  policyUrl: string;
  timeLimitS: number;
}

export interface StationEpisodeDeps {
  link: RobotLink;
  connectPolicy: PolicyConnector;
  /** The evaluator's stop signal for this episode. */
  stop: Pick<KeyWatch, 'seen' | 'appeared'>;
  /** Aborts on shutdown: the robot is told to hold and the episode is abandoned, not finished. */
  shutdown: AbortSignal;
  policyTimeoutMs?: number;
  /** Rows of each chunk run open-loop before the policy is asked again; the whole chunk if unset. */
  maxOpenLoopSteps?: number;
  /** How camera frames are kept in the episode's recording (default 1 per second, 112 px). */
  recording?: StationEpisodeRecorderOptions;
}

/**
 * The station is shutting down: the episode or wait in hand was abandoned (the robot holding)
 * and has no result.
 */
export class StationShutdownError extends Error {
  override name = 'StationShutdownError';
}

/** What a failed step blames: the policy or the robot. */
class EpisodeError extends Error {
  override name = 'EpisodeError';
}

/** A policy server's traceback can be long; the result keeps its beginning. */
const maxErrorLength = 4000;
const interrupted = Symbol('interrupted');
const stopped = Symbol('stopped');

/**
 * Runs one episode on the robot: connect to the policy, then at the link's control rate observe,
 * ask for a chunk when the previous one is used up, and command one action per step, until the
 * time limit, the evaluator's stop or an error. The robot is told to hold however the episode
 * ends. Errors of the policy or the robot become the result (`termination: 'error'`); only a
 * shutdown throws (StationShutdownError).
 */
export async function runStationEpisode(
  spec: StationEpisodeSpec,
  deps: StationEpisodeDeps,
): Promise<StationEpisodeResult> {
  const { link, stop, shutdown } = deps;
  const clock = link.clock ?? wallClock;
  const policyTimeoutMs = deps.policyTimeoutMs ?? defaultPolicyTimeoutMs;
  const openLoopSteps = Math.max(1, Math.floor(deps.maxOpenLoopSteps ?? Infinity));
  const timeLimitMs = spec.timeLimitS * 1000;
  /** When the robot began to move; time spent connecting is not the episode's. */
  let startedAt: number | null = null;
  let steps = 0;
  let policy: PolicyConnection | null = null;
  /** Set once the robot can move: the rate is read after begin(). */
  let targetHz: number | null = null;
  const recorder = new StationEpisodeRecorder(deps.recording);
  const secondsIn = (): number => (startedAt === null ? 0 : (clock.now() - startedAt) / 1000);
  const result = (
    termination: StationEpisodeResult['termination'],
    error: string | null = null,
  ): StationEpisodeResult => {
    const durationMs = startedAt === null ? 0 : Math.round(clock.now() - startedAt);
    const achievedHz = steps === 0 || durationMs === 0 ? null : round2((steps * 1000) / durationMs);
    const droppedFrames =
      targetHz === null ? 0 : Math.max(0, Math.floor((durationMs * targetHz) / 1000) - steps);
    const recording =
      targetHz === null
        ? null
        : Buffer.from(
            encodeStationRecording(
              recorder.finish({
                task: spec.task.name,
                frameHz: targetHz,
                achievedHz: achievedHz ?? 0,
                droppedFrames,
              }),
            ),
          ).toString('base64');
    return {
      side: spec.side,
      steps,
      durationMs,
      error,
      termination,
      targetHz,
      achievedHz,
      droppedFrames,
      recording,
    };
  };
  /**
   * Waits for `work`, unless the evaluator stops, the station shuts down or the policy takes too
   * long (`missing` says what did not come in time).
   */
  const guarded = async <T>(
    missing: string,
    work: Promise<T>,
  ): Promise<T | typeof stopped | typeof interrupted> => {
    let timer: NodeJS.Timeout | undefined;
    let onAbort = (): void => undefined;
    const outcomes: Promise<T | typeof stopped | typeof interrupted>[] = [
      work,
      stop.appeared.then(() => stopped),
      new Promise((resolve) => {
        onAbort = () => resolve(interrupted);
        if (shutdown.aborted) onAbort();
        else shutdown.addEventListener('abort', onAbort, { once: true });
      }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new EpisodeError(`policy: ${missing} within ${policyTimeoutMs} ms`)),
          policyTimeoutMs,
        );
      }),
    ];
    try {
      return await Promise.race(outcomes);
    } finally {
      clearTimeout(timer);
      shutdown.removeEventListener('abort', onAbort);
      // A late rejection of abandoned work must not surface as an unhandled rejection.
      work.catch(() => undefined);
    }
  };

  try {
    let connectRaceOver = false;
    const connected = await guarded(
      'no connection',
      deps.connectPolicy(spec.policyUrl).then(
        (connection) => {
          // A connection that opens after a stop, a shutdown or the timeout is not used.
          if (connectRaceOver) void connection.close().catch(() => undefined);
          return connection;
        },
        (error: unknown) => {
          throw new EpisodeError(`policy: cannot connect: ${errorMessage(error)}`);
        },
      ),
    ).finally(() => {
      connectRaceOver = true;
    });
    if (connected === interrupted) throw new StationShutdownError('station shutting down');
    if (connected === stopped) return result('stopped');
    policy = connected;
    const { metadata } = policy;
    await blaming('robot', () =>
      link.begin({
        comparisonId: spec.comparisonId,
        side: spec.side,
        task: spec.task,
        policyMetadata: metadata,
      }),
    );

    // Read after begin(): a link may take its rate from the episode's task.
    targetHz = link.controlHz;
    const periodMs = 1000 / targetHz;
    const pending: number[][] = [];
    startedAt = clock.now();
    let nextStepAt = startedAt;
    for (;;) {
      if (shutdown.aborted) throw new StationShutdownError('station shutting down');
      if (stop.seen) return result('stopped');
      if (clock.now() - startedAt >= timeLimitMs) return result('time-limit');
      if (pending.length === 0) {
        const observation = await blaming('robot', () => link.observe());
        recorder.observed(secondsIn(), observation);
        const connection = policy;
        const answer = await guarded(
          'no answer',
          blaming('policy', () => connection.infer(observation)),
        );
        if (answer === interrupted) throw new StationShutdownError('station shutting down');
        if (answer === stopped) return result('stopped');
        const chunk = actionRows(answer.actions, link.actionLength, link.actionColumns);
        if (chunk.problem !== null) throw new EpisodeError(`policy: ${chunk.problem}`);
        pending.push(...chunk.rows.slice(0, openLoopSteps));
        // Time spent waiting for the policy is not made up for by running faster afterwards.
        nextStepAt = Math.max(nextStepAt, clock.now());
        if (clock.now() - startedAt >= timeLimitMs) return result('time-limit');
      }
      const action = pending.shift() ?? [];
      await blaming('robot', () => link.command(action));
      steps += 1;
      recorder.stepped(secondsIn(), action, link.recordedState?.());
      // A late step is not made up for by a burst of steps: a robot should not lurch.
      nextStepAt = Math.max(nextStepAt + periodMs, clock.now() - periodMs);
      await clock.sleepUntil(nextStepAt, shutdown);
    }
  } catch (error) {
    if (error instanceof StationShutdownError) throw error;
    const message = error instanceof EpisodeError ? error.message : errorMessage(error);
    return result(
      'error',
      message.length > maxErrorLength ? `${message.slice(0, maxErrorLength)}…` : message,
    );
  } finally {
    await blaming('robot', () => link.hold()).catch((error: unknown) => {
      console.error(`station: the robot did not take the hold command: ${errorMessage(error)}`);
    });
    await policy?.close().catch(() => undefined);
  }
}

/**
 * Runs a call into the robot link or the policy and blames its failure on it, whether it
 * rejects or throws before returning a promise (a native call failing synchronously).
 */
async function blaming<T>(who: 'robot' | 'policy', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new EpisodeError(`${who}: ${errorMessage(error)}`);
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

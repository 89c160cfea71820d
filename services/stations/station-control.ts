import { randomBytes } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { queueConnection } from '../../queue/connection.ts';
import {
  stationEvaluationKey,
  stationKeyTtlS,
  stationProfileKey,
  stationQueueName,
  stationSignalKey,
  type StationEvaluation,
  type StationJobData,
  type StationJobProgress,
  type StationPhase,
  type StationProfile,
  type StationSignal,
} from '../../queue/station-job.ts';
import type { EpisodeSide } from '../db/schema.ts';
import { FieldError } from '../errors.ts';
import type { StationEpisodeSummary, StationStatus } from '../../contract/station-status.ts';
export type { StationEpisodeSummary, StationStatus };

export type EvaluationInput = Omit<StationEvaluation, 'submittedAt'>;

/** Phases in the order a comparison goes through them. */
const phaseOrder: readonly StationPhase[] = ['reset-A', 'A', 'reset-B', 'B', 'evaluation'];
/** The phase in which each signal may be sent. */
const signalPhase: Record<StationSignal, StationPhase> = {
  'start-A': 'reset-A',
  'stop-A': 'A',
  'start-B': 'reset-B',
  'stop-B': 'B',
};

/**
 * The services' side of real-robot stations. A station needs nothing but Redis, so the
 * evaluator's actions reach it as Redis keys it polls, and its state is read from its queue's
 * active job (the job's progress is the phase). Holds no state of its own.
 */
export class StationControl {
  private readonly redis: Redis;
  private readonly queues = new Map<string, Queue<StationJobData>>();

  constructor(
    private readonly redisUrl: string,
    private readonly queuePrefix: string,
  ) {
    // Fail fast while Redis is down rather than hang an evaluator's request.
    this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', (error: Error) => console.error(`station control: ${error.message}`));
  }

  async status(station: string): Promise<StationStatus> {
    const queue = this.queue(station);
    const job = await this.activeJob(station);
    const waiting = await queue.getWaitingCount();
    if (job === undefined) return { station, current: null, waiting };
    const progress = stationProgress(job);
    const done = job.data.done ?? {};
    const episode = (side: EpisodeSide): StationEpisodeSummary | null => {
      const result = done[side];
      if (result === undefined) return null;
      return {
        steps: result.steps,
        durationMs: result.durationMs,
        error: result.error,
        termination: result.termination,
        // Results written before stations measured their rate lack these.
        targetHz: result.targetHz ?? null,
        achievedHz: result.achievedHz ?? null,
        droppedFrames: result.droppedFrames ?? 0,
      };
    };
    return {
      station,
      current: {
        ticket: await this.ticketFor(job.data.comparisonId),
        task: job.data.task,
        phase: progress.phase,
        since: progress.since,
        episodes: { A: episode('A'), B: episode('B') },
        episodeTimeLimitS: job.data.episodeTimeLimitS,
      },
      waiting,
    };
  }

  /**
   * Passes the evaluator's start or stop to the station. Repeating a signal the station has
   * already acted on is harmless (`applied: false`); one sent too early is a conflict.
   */
  async signal(
    station: string,
    ticket: string,
    signal: StationSignal,
  ): Promise<{ applied: boolean }> {
    const comparisonId = await this.comparisonOf(ticket);
    const phase = await this.currentPhase(station, comparisonId);
    const wanted = signalPhase[signal];
    if (phaseOrder.indexOf(phase) > phaseOrder.indexOf(wanted)) return { applied: false };
    if (phase !== wanted) {
      throw new FieldError(
        'signal',
        `cannot ${signal} while the station is in phase ${phase}`,
        409,
      );
    }
    const set = await this.redis.set(
      stationSignalKey(this.queuePrefix, comparisonId, signal),
      new Date().toISOString(),
      'EX',
      stationKeyTtlS,
      'NX',
    );
    return { applied: set === 'OK' };
  }

  /**
   * Hands the evaluator's scores to the station, once: the first submission wins, the same one
   * again is accepted as a retry (`accepted: false`), a different one is a conflict.
   */
  async submitEvaluation(
    station: string,
    ticket: string,
    input: EvaluationInput,
  ): Promise<{ accepted: boolean }> {
    const comparisonId = await this.comparisonOf(ticket);
    const key = stationEvaluationKey(this.queuePrefix, comparisonId);
    const stored = await this.redis.get(key);
    if (stored !== null) return { accepted: sameEvaluation(stored, input) ? false : conflict() };
    const phase = await this.currentPhase(station, comparisonId);
    if (phase !== 'evaluation') {
      throw new FieldError(
        'ticket',
        `the station is in phase ${phase}: scores are taken after both episodes`,
        409,
      );
    }
    const evaluation: StationEvaluation = { ...input, submittedAt: new Date().toISOString() };
    const set = await this.redis.set(key, JSON.stringify(evaluation), 'EX', stationKeyTtlS, 'NX');
    if (set === 'OK') return { accepted: true };
    // Another request won the race: fine if it said the same.
    const winner = await this.redis.get(key);
    return { accepted: winner !== null && sameEvaluation(winner, input) ? false : conflict() };
  }

  /** What the station announced it can send when its worker last started; null if never. */
  async profile(station: string): Promise<StationProfile | null> {
    const json = await this.redis.get(stationProfileKey(this.queuePrefix, station));
    return json === null ? null : (JSON.parse(json) as StationProfile);
  }

  /** The comparison a station has in hand, for researchers' progress figures; never for pages. */
  async comparisonInHand(station: string): Promise<string | null> {
    return (await this.activeJob(station))?.data.comparisonId ?? null;
  }

  /**
   * The evaluator's handle on a comparison: random, kept in Redis both ways so every replica
   * agrees, so the evaluator page never holds the comparison id (which names the campaign and
   * the comparison's ordinal, and through them the pairing).
   */
  private async ticketFor(comparisonId: string): Promise<string> {
    const forward = `${this.queuePrefix}:station-ticket-of:${comparisonId}`;
    const fresh = randomBytes(24).toString('base64url');
    const set = await this.redis.set(forward, fresh, 'EX', stationKeyTtlS, 'NX');
    if (set === 'OK') {
      await this.redis.set(this.ticketKey(fresh), comparisonId, 'EX', stationKeyTtlS);
      return fresh;
    }
    return (await this.redis.get(forward)) ?? fresh;
  }

  private async comparisonOf(ticket: string): Promise<string> {
    const comparisonId = await this.redis.get(this.ticketKey(ticket));
    if (comparisonId === null) {
      throw new FieldError('ticket', 'is not the ticket of a comparison at this station', 409);
    }
    return comparisonId;
  }

  private ticketKey(ticket: string): string {
    return `${this.queuePrefix}:station-ticket:${ticket}`;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.redis.disconnect();
  }

  private queue(station: string): Queue<StationJobData> {
    let queue = this.queues.get(station);
    if (queue === undefined) {
      queue = new Queue<StationJobData>(stationQueueName(station), {
        connection: queueConnection(this.redisUrl),
        prefix: this.queuePrefix,
      });
      this.queues.set(station, queue);
    }
    return queue;
  }

  /** A station works on one comparison at a time: its queue's active job. */
  private async activeJob(station: string): Promise<Job<StationJobData> | undefined> {
    const [job] = await this.queue(station).getActive(0, 0);
    return job;
  }

  private async currentPhase(station: string, comparisonId: string): Promise<StationPhase> {
    const job = await this.activeJob(station);
    if (job === undefined || job.data.comparisonId !== comparisonId) {
      throw new FieldError('ticket', `station "${station}" is not running this comparison`, 409);
    }
    return stationProgress(job).phase;
  }
}

/** A job the station has taken but not yet reported on is waiting for its first reset. */
function stationProgress(job: Job<StationJobData>): StationJobProgress {
  const progress = job.progress;
  if (typeof progress === 'object' && progress !== null && 'phase' in progress) {
    return progress as StationJobProgress;
  }
  return { phase: 'reset-A', since: new Date(job.processedOn ?? Date.now()).toISOString() };
}

function sameEvaluation(stored: string, input: EvaluationInput): boolean {
  const previous = JSON.parse(stored) as StationEvaluation;
  return JSON.stringify(previous) === JSON.stringify({ ...previous, ...input });
}

function conflict(): never {
  throw new FieldError(
    'ticket',
    'this comparison has already been scored differently; scores cannot be changed',
    409,
  );
}

/** Raised when the API runs without a queue connection (HTTP 503). */
export class StationsUnavailableError extends Error {
  override name = 'StationsUnavailableError';
  constructor() {
    super('real-robot stations are not available: this server was started without a queue');
  }
}

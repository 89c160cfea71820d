import type { Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/schema.ts';
import type { ComparisonResult, RecordOutcome } from '../comparisons/record-comparison-result.ts';

/** What each queue is asked for on a scrape; BullMQ's own names for a job's states. */
const queueStates = [
  'waiting',
  'waiting-children',
  'prioritized',
  'delayed',
  'active',
  'completed',
  'failed',
] as const;

/** A judge counts as active for this long after a vote (or an evaluator after a score). */
export const activeJudgeWindowMs = 10 * 60_000;

/** A scrape must not hang on a Redis or database that is away: such gauges are left empty. */
const collectDeadlineMs = 1_000;

const secondsBuckets = {
  // An HTTP request: most answer in milliseconds; a fit or a health check takes seconds.
  http: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  // A simulated episode takes seconds; a robot episode up to its time limit (60 s by default).
  rollout: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
  // A refit with its 1000-round bootstrap: tenths of a second to seconds.
  refit: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
};

export type RolloutOutcome = 'success' | 'failure' | 'policy-error' | 'error';

export interface MetricsSources {
  db?: Kysely<Database>;
  /** Queues whose job counts are reported per state. */
  queues?: readonly Queue[];
}

/**
 * The services' Prometheus metrics, in a registry of their own (so two apps in one process, as
 * in tests, do not collide). Counters count what this process recorded; gauges (queue depths,
 * active judges) are read from Redis and the database at each scrape, so every replica reports
 * the same values for them.
 */
export class ArenaMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly rollouts: Counter<'kind' | 'outcome'>;
  private readonly rolloutDuration: Histogram<'kind'>;
  private readonly comparisons: Counter<'outcome'>;
  private readonly refitDuration: Histogram<'outcome'>;

  constructor(sources: MetricsSources = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'arena_' });
    this.httpDuration = new Histogram({
      name: 'arena_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status, from arrival to the last byte',
      labelNames: ['method', 'route', 'status'],
      buckets: secondsBuckets.http,
      registers,
    });
    this.rollouts = new Counter({
      name: 'arena_rollouts_total',
      help: 'Episodes recorded, by kind (sim or station) and outcome (success, failure, policy-error, error: the rollout itself failed)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.rolloutDuration = new Histogram({
      name: 'arena_rollout_duration_seconds',
      help: 'Duration of recorded episodes, by kind (sim or station)',
      labelNames: ['kind'],
      buckets: secondsBuckets.rollout,
      registers,
    });
    this.comparisons = new Counter({
      name: 'arena_comparisons_total',
      help: 'Comparisons recorded, by outcome (A, B, tie, failed, excluded)',
      labelNames: ['outcome'],
      registers,
    });
    this.refitDuration = new Histogram({
      name: 'arena_refit_duration_seconds',
      help: 'Rating refits of a campaign (fit and bootstrap), by outcome (ok or error)',
      labelNames: ['outcome'],
      buckets: secondsBuckets.refit,
      registers,
    });
    const queues = sources.queues ?? [];
    new Gauge({
      name: 'arena_queue_jobs',
      help: 'Jobs in each queue by state, read from Redis at scrape time',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const queue of queues) {
          const counts = await withinDeadline(queue.getJobCounts(...queueStates));
          if (counts === undefined) continue;
          for (const state of queueStates)
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    const { db } = sources;
    if (db !== undefined) {
      new Gauge({
        name: 'arena_judges_active',
        help: `Crowd judges and station evaluators who judged in the last ${activeJudgeWindowMs / 60_000} minutes`,
        registers,
        async collect() {
          const count = await withinDeadline(countActiveJudges(db));
          if (count !== undefined) this.set(count);
        },
      });
    }
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  observeRefit(seconds: number, ok: boolean): void {
    this.refitDuration.observe({ outcome: ok ? 'ok' : 'error' }, seconds);
  }

  /**
   * Counts a comparison and its episodes once: a re-delivered job (`recorded: false`) adds
   * nothing. `failedRollouts` are the rollouts of a failed comparison that returned no episode.
   */
  observeComparison(
    kind: 'sim' | 'station',
    result: ComparisonResult,
    outcome: RecordOutcome,
    failedRollouts = 0,
  ): void {
    if (!outcome.recorded) return;
    if (result.kind === 'failed') {
      this.comparisons.inc({ outcome: 'failed' });
      if (failedRollouts > 0) this.rollouts.inc({ kind, outcome: 'error' }, failedRollouts);
      return;
    }
    this.comparisons.inc({ outcome: outcome.outcome ?? 'excluded' });
    for (const episode of [result.episodes.A, result.episodes.B]) {
      const rolloutOutcome: RolloutOutcome = episode.success
        ? 'success'
        : episode.termination === 'policy-error'
          ? 'policy-error'
          : 'failure';
      this.rollouts.inc({ kind, outcome: rolloutOutcome });
      this.rolloutDuration.observe({ kind }, episode.durationMs / 1000);
    }
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

async function countActiveJudges(db: Kysely<Database>): Promise<number> {
  const since = new Date(Date.now() - activeJudgeWindowMs).toISOString();
  const row = await db
    .selectFrom('judgements')
    .select((eb) => eb.fn.count<string | number>('judge').distinct().as('judges'))
    .where('source', 'in', ['crowd', 'evaluator'])
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.judges ?? 0);
}

function withinDeadline<T>(promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([
    promise.catch(() => undefined),
    new Promise<undefined>((resolve) =>
      setTimeout(() => resolve(undefined), collectDeadlineMs).unref(),
    ),
  ]);
}

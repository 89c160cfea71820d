import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { refitCampaign, type RatingSnapshot } from './campaign-leaderboard.ts';

export interface RatingRefresherOptions {
  /** Quiet time after the last judgement before a refit. */
  debounceMs?: number;
  /** Upper bound on how long a stream of judgements can postpone a refit. */
  maxWaitMs?: number;
  /** Called after each stored fit, e.g. to tell open dashboards that the ratings changed. */
  onRefitted?: (snapshot: RatingSnapshot) => void;
  /** Told how long each fit took (seconds, fit and bootstrap) and whether it succeeded. */
  onRefitTimed?: (seconds: number, ok: boolean) => void;
}

interface PendingRefit {
  timer: NodeJS.Timeout;
  firstRequestAt: number;
}

/**
 * Refits a campaign's ratings after new judgements, debounced: a burst of judgements causes one
 * fit (each fit runs a 1000-round bootstrap), yet a steady stream still refreshes every
 * `maxWaitMs`. Fits of one campaign never run concurrently.
 */
export class RatingRefresher {
  private readonly pending = new Map<string, PendingRefit>();
  /** The last fit started per campaign; the next one chains after it. */
  private readonly inFlight = new Map<string, Promise<RatingSnapshot | null>>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly onRefitted: ((snapshot: RatingSnapshot) => void) | undefined;
  private readonly onRefitTimed: ((seconds: number, ok: boolean) => void) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    options: RatingRefresherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 1_000;
    this.maxWaitMs = options.maxWaitMs ?? 5_000;
    this.onRefitted = options.onRefitted;
    this.onRefitTimed = options.onRefitTimed;
  }

  requestRefit(campaignId: string): void {
    const now = Date.now();
    const pending = this.pending.get(campaignId);
    const firstRequestAt = pending?.firstRequestAt ?? now;
    if (pending !== undefined) clearTimeout(pending.timer);
    const delay = Math.max(0, Math.min(this.debounceMs, firstRequestAt + this.maxWaitMs - now));
    const timer = setTimeout(() => void this.refitNow(campaignId), delay);
    this.pending.set(campaignId, { timer, firstRequestAt });
  }

  /** Fits now (after any fit already running), cancelling a pending debounced one. */
  refitNow(campaignId: string): Promise<RatingSnapshot | null> {
    const pending = this.pending.get(campaignId);
    if (pending !== undefined) clearTimeout(pending.timer);
    this.pending.delete(campaignId);
    const previous = this.inFlight.get(campaignId) ?? Promise.resolve(null);
    const next = previous
      .catch(() => null)
      .then(() => this.timedRefit(campaignId))
      .then((snapshot) => {
        this.onRefitted?.(snapshot);
        return snapshot;
      })
      .catch((error: unknown) => {
        console.error(`ranker: refit of ${campaignId} failed: ${String(error)}`);
        return null;
      });
    this.inFlight.set(campaignId, next);
    return next;
  }

  private async timedRefit(campaignId: string): Promise<RatingSnapshot> {
    const started = performance.now();
    let ok = false;
    try {
      const snapshot = await refitCampaign(this.db, campaignId);
      ok = true;
      return snapshot;
    } finally {
      this.onRefitTimed?.((performance.now() - started) / 1000, ok);
    }
  }

  /** Runs every pending refit and waits for all fits, so nothing requested is lost on shutdown. */
  async close(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.refitNow(id)));
    await Promise.all(this.inFlight.values());
  }
}

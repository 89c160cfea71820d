import { loadNextComparison, type NextComparison } from './comparison-loader.ts';

/** Recently voted tickets kept out of every request, while their votes may still be in flight. */
const recentVotesExcluded = 10;

/**
 * Keeps the comparison after the one on screen loading in the background, so a vote is
 * followed by the next replays at once instead of after three round trips.
 */
export class ComparisonPrefetcher {
  /** The load started for the comparison after `after`; null before the first one is shown. */
  private pending: { after: string; load: Promise<NextComparison> } | null = null;
  /**
   * Votes are sent without waiting, so the server may not know of the last few yet; asking it
   * to skip them keeps a just-judged comparison from coming back.
   */
  private readonly recentVotes: string[] = [];

  /** Remembers a ticket just voted on, so no load offers it again. */
  voted(ticket: string): void {
    this.recentVotes.push(ticket);
    if (this.recentVotes.length > recentVotesExcluded) this.recentVotes.shift();
  }

  /** Starts loading the comparison that follows `ticket` (the one now on screen). */
  prefetchAfter(ticket: string): void {
    this.pending = { after: ticket, load: loadNextComparison(this.excluding(ticket)) };
  }

  /**
   * The comparison after `ticket`: the prefetched one when it loaded, or a fresh load when
   * there was none, it failed, or it found nothing (more may have arrived since).
   */
  async next(ticket: string | null): Promise<NextComparison> {
    const pending = this.pending;
    this.pending = null;
    if (pending !== null && pending.after === ticket) {
      const result = await pending.load;
      if (
        result.kind === 'comparison' &&
        !this.recentVotes.includes(result.comparison.ticket.ticket)
      )
        return result;
    }
    return loadNextComparison(this.excluding(ticket));
  }

  private excluding(ticket: string | null): string[] {
    const excluded = new Set(this.recentVotes);
    if (ticket !== null) excluded.add(ticket);
    return [...excluded];
  }
}

import { parseReplayTrajectory } from '../replay/parse-replay-trajectory.ts';
import { replayProblem, type ReplaySource } from '../replay/replay-trajectory.ts';
import { fetchNextTicket, type JudgingTicket } from './judging-client.ts';

/** A comparison ready to show: its ticket and both replays fetched and checked. */
export interface LoadedComparison {
  readonly ticket: JudgingTicket;
  readonly left: ReplaySource;
  readonly right: ReplaySource;
}

export type NextComparison =
  | { readonly kind: 'comparison'; readonly comparison: LoadedComparison }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Fetches the judge's next ticket and both trajectories. A replay that fails to load becomes a
 * problem in its view (the judge can still say "both failed" or skip); only a failure to get a
 * ticket at all is an error of the whole load.
 */
export async function loadNextComparison(exclude: readonly string[]): Promise<NextComparison> {
  let ticket: JudgingTicket | null;
  try {
    ticket = await fetchNextTicket(exclude);
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (ticket === null) return { kind: 'none' };
  const [left, right] = await Promise.all([
    loadReplay(ticket.replays.left),
    loadReplay(ticket.replays.right),
  ]);
  return { kind: 'comparison', comparison: { ticket, left, right } };
}

async function loadReplay(url: string): Promise<ReplaySource> {
  try {
    const response = await fetch(url);
    if (!response.ok) return replayProblem(`the server answered ${response.status}`);
    return parseReplayTrajectory(await response.json());
  } catch (error) {
    return replayProblem(
      `it could not be loaded (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

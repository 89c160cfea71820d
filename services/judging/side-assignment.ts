import { deriveSeed } from '../../lib/seeded-random.ts';
import type { EpisodeSide } from '../db/schema.ts';

export type View = 'left' | 'right';

/**
 * Which episode a judge sees on each side of the screen. Randomized per judge and comparison, so
 * a position bias of judges cancels out and no judge can learn "A is always left"; deterministic,
 * so a reload, a prefetch and the vote all agree without storing anything.
 */
export function episodeShownOn(judge: string, comparisonId: string, view: View): EpisodeSide {
  const aOnLeft = (deriveSeed(0, `${judge}|${comparisonId}`) & 1) === 0;
  return (view === 'left') === aOnLeft ? 'A' : 'B';
}

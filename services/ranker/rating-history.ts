import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RatingSnapshot } from './rating-snapshot.ts';
import type { RatingHistoryPoint } from '../../contract/rating-history-point.ts';
export type { RatingHistoryPoint };

/** A chart of a few hundred pixels cannot show more points than this usefully. */
export const maxHistoryPoints = 100;

/**
 * How a campaign's ratings moved as judgements came in: one point per stored snapshot with a
 * distinct judgement count (the latest fit of that count), thinned evenly to at most `maxPoints`
 * while always keeping the first and the latest. Only the chosen snapshots are parsed, so a long
 * campaign's thousands of refits cost one narrow query and a hundred JSON parses.
 */
export async function campaignRatingHistory(
  db: Kysely<Database>,
  campaignId: string,
  maxPoints = maxHistoryPoints,
): Promise<RatingHistoryPoint[]> {
  const index = await db
    .selectFrom('rating_snapshots')
    .select(['id', 'judgement_count', 'created_at'])
    .where('campaign_id', '=', campaignId)
    .where('judgement_count', '>', 0)
    .orderBy('created_at')
    .orderBy('judgement_count')
    .execute();
  const latestOfCount = new Map<number, string>();
  for (const row of index) latestOfCount.set(row.judgement_count, row.id);
  const ids = [...latestOfCount.entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
  const chosen = thinEvenly(ids, maxPoints);
  if (chosen.length === 0) return [];
  const rows = await db
    .selectFrom('rating_snapshots')
    .select(['ratings'])
    .where('id', 'in', chosen)
    .execute();
  return rows
    .map((row) => JSON.parse(row.ratings) as RatingSnapshot)
    .map((snapshot) => ({
      judgementCount: snapshot.judgementCount,
      fittedAt: snapshot.fittedAt,
      ratings: snapshot.leaderboard.map(({ policyId, policy, rating, ciLow, ciHigh }) => ({
        policyId,
        policy,
        rating,
        ciLow,
        ciHigh,
      })),
    }))
    .sort((a, b) => a.judgementCount - b.judgementCount);
}

/** At most `max` items, evenly spaced, keeping the first and the last. */
export function thinEvenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max <= 1) return items.slice(-1);
  const picked: T[] = [];
  for (let k = 0; k < max; k++)
    picked.push(items[Math.round((k * (items.length - 1)) / (max - 1))]!);
  return picked;
}

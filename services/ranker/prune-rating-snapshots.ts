import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { maxHistoryPoints, thinEvenly } from './rating-history.ts';

/**
 * Snapshots kept per campaign besides the latest: twice what the rating-history chart draws, so
 * that its even thinning still has points to choose from between prunes.
 */
export const keptSnapshotHistory = 2 * maxHistoryPoints;

/**
 * Deletes a campaign's rating snapshots that neither the leaderboard nor the history chart can
 * show: older fits of a judgement count that was fitted again, and, past `keep` counts, all but
 * an even spread of them (first and latest kept). The latest snapshot always survives. A campaign
 * refitted after every judgement thus holds at most `keep + 1` rows instead of one per refit.
 */
export async function pruneRatingSnapshots(
  db: Kysely<Database>,
  campaignId: string,
  keep = keptSnapshotHistory,
): Promise<number> {
  const rows = await db
    .selectFrom('rating_snapshots')
    .select(['id', 'judgement_count'])
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at')
    .orderBy('judgement_count')
    .execute();
  const latest = rows.at(-1);
  if (latest === undefined) return 0;
  const latestOfCount = new Map<number, string>();
  for (const row of rows) latestOfCount.set(row.judgement_count, row.id);
  const byCount = [...latestOfCount.entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
  const kept = new Set([...thinEvenly(byCount, keep), latest.id]);
  const doomed = rows.filter((row) => !kept.has(row.id)).map((row) => row.id);
  // In slices, to stay under SQLite's bound-parameter limit on a campaign never pruned before.
  for (let i = 0; i < doomed.length; i += 500) {
    await db
      .deleteFrom('rating_snapshots')
      .where('id', 'in', doomed.slice(i, i + 500))
      .execute();
  }
  return doomed.length;
}

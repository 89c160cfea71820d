import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { campaignPolicyNames, loadCampaignJudgements } from './campaign-judgements.ts';
import { pruneRatingSnapshots } from './prune-rating-snapshots.ts';
import type { RatingSnapshot } from './rating-snapshot.ts';
import { sharedRankingPool } from './ranking-pool.ts';

export type { LeaderboardRow, RatingSnapshot } from './rating-snapshot.ts';

/** Fits the campaign's ratings from the judgements it counts and stores them as a new snapshot. */
export async function refitCampaign(
  db: Kysely<Database>,
  campaignId: string,
): Promise<RatingSnapshot> {
  const judgements = await loadCampaignJudgements(db, campaignId);
  // The 1000-round bootstrap runs on a worker thread, off the event loop serving the API.
  const snapshot = await sharedRankingPool().run({
    kind: 'snapshot',
    campaignId,
    judgements,
    names: [...(await campaignPolicyNames(db, campaignId))],
    fittedAt: nowIso(),
  });
  await db
    .insertInto('rating_snapshots')
    .values({
      id: newId('rate'),
      campaign_id: campaignId,
      created_at: snapshot.fittedAt,
      judgement_count: snapshot.judgementCount,
      ratings: JSON.stringify(snapshot),
    })
    .execute();
  await pruneRatingSnapshots(db, campaignId);
  return snapshot;
}

/** The most recent snapshot of a campaign, or null before its first fit. */
export async function latestSnapshot(
  db: Kysely<Database>,
  campaignId: string,
): Promise<RatingSnapshot | null> {
  const row = await db
    .selectFrom('rating_snapshots')
    .select('ratings')
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at', 'desc')
    .orderBy('judgement_count', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return null;
  // Snapshots stored before `matchups` existed lack it; the dashboard then shows no heatmap.
  const stored = JSON.parse(row.ratings) as Partial<RatingSnapshot> &
    Omit<RatingSnapshot, 'matchups'>;
  return { ...stored, matchups: stored.matchups ?? null };
}

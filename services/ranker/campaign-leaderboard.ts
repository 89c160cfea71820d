import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { rankPolicies, type Judgement } from '../ranking/index.ts';

/** Bootstrap rounds of a campaign's published intervals. */
export const campaignBootstrapRounds = 1000;
/** Fixed so that the same judgements always give the same intervals. */
const bootstrapSeed = 1;

export interface LeaderboardRow {
  policyId: string;
  policy: string;
  rating: number;
  ciLow: number | null;
  ciHigh: number | null;
  comparisons: number;
  wins: number;
  losses: number;
  ties: number;
}

export interface RatingSnapshot {
  campaignId: string;
  fittedAt: string;
  judgementCount: number;
  /** Davidson's tie parameter nu. */
  tieParameter: number | null;
  disconnected: boolean;
  warnings: string[];
  /** Best first. */
  leaderboard: LeaderboardRow[];
}

/**
 * Every judgement of a campaign that its ranking counts (the campaign's judgement sources), as
 * the ranking library takes them, with policy ids as names.
 */
export async function loadCampaignJudgements(
  db: Kysely<Database>,
  campaignId: string,
): Promise<Judgement[]> {
  const rows = await db
    .selectFrom('judgements')
    .innerJoin('comparisons', 'comparisons.id', 'judgements.comparison_id')
    .select([
      'judgements.comparison_id',
      'judgements.outcome',
      'comparisons.policy_a_id',
      'comparisons.policy_b_id',
    ])
    .where('comparisons.campaign_id', '=', campaignId)
    .where('judgements.source', 'in', (eb) =>
      eb
        .selectFrom('campaign_judgement_sources')
        .select('source')
        .where('campaign_judgement_sources.campaign_id', '=', campaignId),
    )
    .orderBy('judgements.id')
    .execute();
  return rows.map((r) => ({
    a: r.policy_a_id,
    b: r.policy_b_id,
    outcome: r.outcome,
    comparisonId: r.comparison_id,
  }));
}

/** Fits the campaign's ratings from all its judgements and stores them as a new snapshot. */
export async function refitCampaign(
  db: Kysely<Database>,
  campaignId: string,
): Promise<RatingSnapshot> {
  const judgements = await loadCampaignJudgements(db, campaignId);
  const policies = await db
    .selectFrom('campaign_policies')
    .innerJoin('policies', 'policies.id', 'campaign_policies.policy_id')
    .select(['policies.id', 'policies.name'])
    .where('campaign_policies.campaign_id', '=', campaignId)
    .execute();
  const nameOf = new Map(policies.map((p) => [p.id, p.name]));
  const board =
    judgements.length === 0
      ? null
      : rankPolicies(judgements, { bootstrapRounds: campaignBootstrapRounds, seed: bootstrapSeed });
  const snapshot: RatingSnapshot = {
    campaignId,
    fittedAt: nowIso(),
    judgementCount: judgements.length,
    tieParameter: board?.tieParameter ?? null,
    disconnected: board?.disconnected ?? false,
    warnings: [...(board?.warnings ?? [])],
    leaderboard: (board?.entries ?? []).map((e) => ({
      policyId: e.policy,
      policy: nameOf.get(e.policy) ?? e.policy,
      rating: e.rating,
      ciLow: e.ciLow,
      ciHigh: e.ciHigh,
      comparisons: e.comparisons,
      wins: e.wins,
      losses: e.losses,
      ties: e.ties,
    })),
  };
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
  return row === undefined ? null : (JSON.parse(row.ratings) as RatingSnapshot);
}

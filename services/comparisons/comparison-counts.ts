import type { Kysely } from 'kysely';
import type { ComparisonStatus, Database } from '../db/schema.ts';

/** How many of a campaign's comparisons are in each status, and the next free ordinal. */
export interface ComparisonCounts extends Record<ComparisonStatus, number> {
  nextOrdinal: number;
}

/**
 * Counts the comparisons of several campaigns by status in one query; `since` counts only those
 * created at or after that time. Campaigns without comparisons get zeros.
 */
export async function comparisonCounts(
  db: Kysely<Database>,
  campaignIds: readonly string[],
  { since }: { since?: string } = {},
): Promise<Map<string, ComparisonCounts>> {
  const counts = new Map<string, ComparisonCounts>(
    campaignIds.map((id) => [id, { queued: 0, completed: 0, failed: 0, nextOrdinal: 0 }]),
  );
  if (campaignIds.length === 0) return counts;
  let query = db
    .selectFrom('comparisons')
    .select([
      'campaign_id',
      'status',
      (eb) => eb.fn.countAll<number | string>().as('n'),
      (eb) => eb.fn.max('ordinal').as('max_ordinal'),
    ])
    .where('campaign_id', 'in', campaignIds)
    .groupBy(['campaign_id', 'status']);
  if (since !== undefined) query = query.where('created_at', '>=', since);
  for (const row of await query.execute()) {
    const entry = counts.get(row.campaign_id)!;
    // PostgreSQL returns count(*) as a bigint string; SQLite as a number.
    entry[row.status] = Number(row.n);
    entry.nextOrdinal = Math.max(entry.nextOrdinal, Number(row.max_ordinal) + 1);
  }
  return counts;
}

export async function campaignComparisonCounts(
  db: Kysely<Database>,
  campaignId: string,
  options: { since?: string } = {},
): Promise<ComparisonCounts> {
  return (await comparisonCounts(db, [campaignId], options)).get(campaignId)!;
}

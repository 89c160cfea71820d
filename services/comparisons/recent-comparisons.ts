import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ComparisonSummary } from '../../contract/comparison-summary.ts';
export type { ComparisonSummary };

/** The campaign's latest comparisons, finished ones first by completion, then queued ones. */
export async function recentComparisons(
  db: Kysely<Database>,
  campaignId: string,
  limit: number,
): Promise<ComparisonSummary[]> {
  const rows = await db
    .selectFrom('comparisons as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .innerJoin('policies as pa', 'pa.id', 'c.policy_a_id')
    .innerJoin('policies as pb', 'pb.id', 'c.policy_b_id')
    .select([
      'c.id',
      'c.ordinal',
      'c.status',
      'c.created_at',
      'c.completed_at',
      't.name as task',
      'pa.name as policyA',
      'pb.name as policyB',
    ])
    .where('c.campaign_id', '=', campaignId)
    // Queued comparisons have no completion time; they sort after every finished one.
    .orderBy((eb) => eb.case().when('c.completed_at', 'is', null).then(1).else(0).end())
    .orderBy('c.completed_at', 'desc')
    .orderBy('c.ordinal', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const judgements = await db
    .selectFrom('judgements')
    .select(['comparison_id', 'source', 'outcome'])
    .where(
      'comparison_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => {
    const own = judgements.filter((j) => j.comparison_id === r.id);
    return {
      id: r.id,
      ordinal: r.ordinal,
      status: r.status,
      task: r.task,
      policyA: r.policyA,
      policyB: r.policyB,
      autoOutcome: own.find((j) => j.source === 'auto')?.outcome ?? null,
      judgementCount: own.length,
      createdAt: r.created_at,
      completedAt: r.completed_at,
    };
  });
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Judgement } from '../ranking/index.ts';

/**
 * A campaign's judgements as the ranking library takes them: policy ids as names, with the
 * comparison (the bootstrap's resampling unit), judge, task id and source attached for
 * clustering and breakdowns. `countedOnly` keeps the sources the campaign's ranking counts;
 * without it every recorded judgement is returned (breakdowns by source, agreement).
 */
export async function loadCampaignJudgements(
  db: Kysely<Database>,
  campaignId: string,
  { countedOnly = true }: { countedOnly?: boolean } = {},
): Promise<Judgement[]> {
  let query = db
    .selectFrom('judgements')
    .innerJoin('comparisons', 'comparisons.id', 'judgements.comparison_id')
    .select([
      'judgements.comparison_id',
      'judgements.outcome',
      'judgements.judge',
      'judgements.source',
      'comparisons.task_id',
      'comparisons.policy_a_id',
      'comparisons.policy_b_id',
    ])
    .where('comparisons.campaign_id', '=', campaignId);
  if (countedOnly) {
    query = query.where('judgements.source', 'in', (eb) =>
      eb
        .selectFrom('campaign_judgement_sources')
        .select('source')
        .where('campaign_judgement_sources.campaign_id', '=', campaignId),
    );
  }
  const rows = await query.orderBy('judgements.id').execute();
  return rows.map((r) => ({
    a: r.policy_a_id,
    b: r.policy_b_id,
    outcome: r.outcome,
    comparisonId: r.comparison_id,
    judge: r.judge,
    task: r.task_id,
    source: r.source,
  }));
}

/** Policy id → name for a campaign's policies, for publishing results by name. */
export async function campaignPolicyNames(
  db: Kysely<Database>,
  campaignId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('campaign_policies')
    .innerJoin('policies', 'policies.id', 'campaign_policies.policy_id')
    .select(['policies.id', 'policies.name'])
    .where('campaign_policies.campaign_id', '=', campaignId)
    .execute();
  return new Map(rows.map((p) => [p.id, p.name]));
}

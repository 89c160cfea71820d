import type { Kysely } from 'kysely';
import { getCampaignRow } from '../campaigns/campaign-store.ts';
import type { Database } from '../db/schema.ts';
import type { BattleRow } from '../ranking/battle-writer.ts';

const WINNER = { A: 'model_a', B: 'model_b', tie: 'tie' } as const;

function winnerOf(outcome: keyof typeof WINNER, bothFailed: boolean): BattleRow['winner'] {
  return outcome === 'tie' && bothFailed ? 'tie (bothbad)' : WINNER[outcome];
}

/** Every judgement of a campaign with policy and task names, in the order they were recorded. */
export async function campaignBattles(db: Kysely<Database>, ref: string): Promise<BattleRow[]> {
  const campaign = await getCampaignRow(db, ref);
  const rows = await db
    .selectFrom('judgements')
    .innerJoin('comparisons', 'comparisons.id', 'judgements.comparison_id')
    .innerJoin('policies as pa', 'pa.id', 'comparisons.policy_a_id')
    .innerJoin('policies as pb', 'pb.id', 'comparisons.policy_b_id')
    .innerJoin('tasks', 'tasks.id', 'comparisons.task_id')
    .select([
      'pa.name as model_a',
      'pb.name as model_b',
      'judgements.outcome',
      'judgements.both_failed',
      'tasks.name as task',
      'judgements.judge',
      'judgements.comparison_id',
      'judgements.source',
    ])
    .where('comparisons.campaign_id', '=', campaign.id)
    .orderBy('judgements.id')
    .execute();
  return rows.map((r) => ({
    model_a: r.model_a,
    model_b: r.model_b,
    winner: winnerOf(r.outcome, Number(r.both_failed) === 1),
    task: r.task,
    judge: r.judge,
    comparison_id: r.comparison_id,
    source: r.source,
  }));
}

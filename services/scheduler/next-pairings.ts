import type { Kysely } from 'kysely';
import type { Campaign, Database } from '../db/schema.ts';
import { loadCampaignJudgements } from '../ranker/campaign-judgements.ts';
import { activePairings } from './active-pairing.ts';
import { uniformPairing, type Pairing } from './uniform-pairing.ts';
import { balancePairing } from './policy-balance.ts';

/**
 * The pairings of a campaign's next `count` comparison slots, from `firstOrdinal` on, by the
 * campaign's pairing strategy.
 */
export async function nextPairings(
  db: Kysely<Database>,
  campaign: Campaign,
  members: { policyIds: string[]; taskIds: string[] },
  firstOrdinal: number,
  count: number,
): Promise<Pairing[]> {
  switch (campaign.pairing) {
    case 'uniform': {
      const counts = await scheduledPerPolicy(db, campaign.id, members.policyIds);
      return Array.from({ length: count }, (_, k) =>
        balancePairing(
          uniformPairing(campaign.seed, firstOrdinal + k, members.policyIds, members.taskIds),
          counts,
        ),
      );
    }
    case 'active': {
      const scheduled = await db
        .selectFrom('comparisons')
        .select(['policy_a_id', 'policy_b_id', 'task_id'])
        .where('campaign_id', '=', campaign.id)
        .where('status', '!=', 'failed')
        .execute();
      return activePairings(
        {
          campaignSeed: campaign.seed,
          firstOrdinal,
          policyIds: members.policyIds,
          taskIds: members.taskIds,
          judgements: await loadCampaignJudgements(db, campaign.id),
          scheduled: scheduled.map((c) => ({
            policyAId: c.policy_a_id,
            policyBId: c.policy_b_id,
            taskId: c.task_id,
          })),
        },
        count,
      );
    }
  }
}

/** Comparisons (queued or completed) each of `policyIds` takes part in, in this campaign. */
export async function scheduledPerPolicy(
  db: Kysely<Database>,
  campaignId: string,
  policyIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map(policyIds.map((id) => [id, 0]));
  const rows = await db
    .selectFrom('comparisons')
    .select(['policy_a_id', 'policy_b_id'])
    .where('campaign_id', '=', campaignId)
    .where('status', '!=', 'failed')
    .execute();
  for (const row of rows) {
    for (const id of [row.policy_a_id, row.policy_b_id]) {
      const n = counts.get(id);
      if (n !== undefined) counts.set(id, n + 1);
    }
  }
  return counts;
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { campaignPolicyNames } from '../ranker/campaign-judgements.ts';
import { isImbalanced } from '../scheduler/policy-balance.ts';
import { scheduledPerPolicy } from '../scheduler/next-pairings.ts';

export interface PolicyShare {
  policyId: string;
  policy: string;
  /** Comparisons (queued or completed) the policy takes part in. */
  comparisons: number;
  /** Its part of all policies' places in those comparisons (two per comparison), 0 to 1. */
  share: number;
  /** Its server could not be reached when last tried: the scheduler leaves it out meanwhile. */
  unreachable: boolean;
}

/**
 * Each policy's part of a campaign's comparisons, and whether they have drifted further apart
 * than the scheduler lets them (a policy left out while its server was down), so a lopsided
 * campaign is reported rather than completed silently.
 */
export async function campaignPolicyShares(
  db: Kysely<Database>,
  campaignId: string,
): Promise<{ policyShares: PolicyShare[]; imbalanced: boolean }> {
  const names = await campaignPolicyNames(db, campaignId);
  const counts = await scheduledPerPolicy(db, campaignId, [...names.keys()]);
  const unreachable = await db
    .selectFrom('policies')
    .select('id')
    .where('id', 'in', [...names.keys(), ''])
    .where('unreachable_since', 'is not', null)
    .execute();
  const down = new Set(unreachable.map((r) => r.id));
  const places = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const policyShares = [...counts.entries()]
    .map(([policyId, comparisons]) => ({
      policyId,
      policy: names.get(policyId) ?? policyId,
      comparisons,
      share: places === 0 ? 0 : comparisons / places,
      unreachable: down.has(policyId),
    }))
    .sort((a, b) => a.policy.localeCompare(b.policy));
  return { policyShares, imbalanced: isImbalanced(counts) };
}

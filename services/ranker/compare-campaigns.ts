import type { Kysely } from 'kysely';
import { getCampaignRow } from '../campaigns/campaign-store.ts';
import type { Database } from '../db/schema.ts';
import { FieldError } from '../errors.ts';
import { compareRatingSets } from '../ranking/index.ts';
import { latestSnapshot } from './campaign-leaderboard.ts';

export interface CampaignComparison {
  sim: { id: string; name: string };
  real: { id: string; name: string };
  /** Policies (by name) rated in both campaigns; only these enter the statistics. */
  policies: string[];
  pearson: number | null;
  spearman: number | null;
  /** SIMPLER's Mean Maximum Rank Violation, in Elo points of the real campaign. */
  meanMaximumRankViolation: number | null;
}

/**
 * How well a simulated campaign's ranking predicts a real-robot campaign's: Pearson and Spearman
 * correlation of the two rating sets over the policies they share (matched by name), and SIMPLER's
 * MMRV. Reads each campaign's latest published ratings.
 */
export async function compareCampaigns(
  db: Kysely<Database>,
  simRef: string,
  realRef: string,
): Promise<CampaignComparison> {
  const ratings = async (ref: string, field: 'sim' | 'real') => {
    const campaign = await getCampaignRow(db, ref);
    const snapshot = await latestSnapshot(db, campaign.id);
    if (snapshot === null || snapshot.leaderboard.length === 0) {
      throw new FieldError(field, `campaign "${campaign.name}" has no ratings yet`, 409);
    }
    return {
      campaign: { id: campaign.id, name: campaign.name },
      byName: new Map(snapshot.leaderboard.map((row) => [row.policy, row.rating])),
    };
  };
  const sim = await ratings(simRef, 'sim');
  const real = await ratings(realRef, 'real');
  const result = compareRatingSets(sim.byName, real.byName);
  if (result.policies.length < 2) {
    throw new FieldError('real', 'the two campaigns share fewer than two policies', 409);
  }
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    sim: sim.campaign,
    real: real.campaign,
    policies: [...result.policies],
    pearson: finite(result.pearson),
    spearman: finite(result.spearman),
    meanMaximumRankViolation: finite(result.meanMaximumRankViolation),
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import type { JudgeQuality } from '../ranking/index.ts';
import { withoutFlaggedJudges } from '../ranking/index.ts';
import { campaignPolicyNames, loadCampaignJudgements } from './campaign-judgements.ts';
import type { RatingSnapshot } from './rating-snapshot.ts';
import { sharedRankingPool } from './ranking-pool.ts';

/**
 * Flags control the chance of flagging any honest judge at 5%; ten decisive votes before a judge
 * is tested keeps a new judge's first unlucky votes from counting against them.
 */
export const judgeQualitySettings = { alpha: 0.05, minVotes: 10 } as const;

/**
 * Each human judge's agreement with the automatic outcome, and which are anomalous. Every
 * recorded judgement takes part, whether or not the campaign's ranking counts its source: the
 * automatic outcome is the yardstick even when only the crowd is ranked.
 */
export async function campaignJudgeQuality(
  db: Kysely<Database>,
  campaignId: string,
): Promise<JudgeQuality[]> {
  return sharedRankingPool().run({
    kind: 'judges',
    judgements: await loadCampaignJudgements(db, campaignId, { countedOnly: false }),
    options: judgeQualitySettings,
  });
}

/**
 * The leaderboard refitted without flagged judges' votes, on request: it is a look beside the
 * published snapshot, so it is not stored.
 */
export async function trustedSnapshot(
  db: Kysely<Database>,
  campaignId: string,
): Promise<RatingSnapshot> {
  const quality = await campaignJudgeQuality(db, campaignId);
  const judgements = withoutFlaggedJudges(await loadCampaignJudgements(db, campaignId), quality);
  return sharedRankingPool().run({
    kind: 'snapshot',
    campaignId,
    judgements,
    names: [...(await campaignPolicyNames(db, campaignId))],
    fittedAt: nowIso(),
  });
}

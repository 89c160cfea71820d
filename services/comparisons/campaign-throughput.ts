import { campaignComparisonCounts } from './comparison-counts.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CampaignThroughput } from '../../contract/campaign-throughput.ts';
export type { CampaignThroughput };
import { campaignPolicyShares } from './policy-shares.ts';

/** Throughput is measured over the comparisons completed in this recent window. */
export const throughputWindowMs = 10 * 60_000;

/**
 * A campaign's progress with a rate and an ETA, from the completion times of its comparisons.
 * The window starts at the later of (now − 10 min) and the first completion inside it, so a
 * campaign that started two minutes ago is not diluted over ten.
 */
export async function campaignThroughput(
  db: Kysely<Database>,
  campaignId: string,
  now = new Date(),
): Promise<CampaignThroughput> {
  const campaign = await db
    .selectFrom('campaigns')
    .select(['budget', 'status'])
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const { completed, queued: inFlight, failed } = await campaignComparisonCounts(db, campaignId);
  const windowStart = new Date(now.getTime() - throughputWindowMs).toISOString();
  const recent = await db
    .selectFrom('comparisons')
    .select('completed_at')
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'completed')
    .where('completed_at', '>=', windowStart)
    .orderBy('completed_at')
    .execute();
  const first = recent[0]?.completed_at;
  let perMinute: number | null = null;
  let measuredOverSeconds: number | null = null;
  if (first != null) {
    // At least a few seconds, so one comparison finished a moment ago is not "600 per minute".
    const spanMs = Math.max(5_000, now.getTime() - Date.parse(first));
    perMinute = recent.length / (spanMs / 60_000);
    measuredOverSeconds = spanMs / 1000;
  }
  const remaining = Math.max(0, campaign.budget - completed);
  const etaSeconds =
    campaign.status === 'running' && perMinute !== null && perMinute > 0
      ? (remaining / perMinute) * 60
      : null;
  return {
    budget: campaign.budget,
    notScheduled: Math.max(0, campaign.budget - completed - inFlight),
    inFlight,
    running: null,
    queued: null,
    completed,
    failed,
    perMinute,
    etaSeconds,
    measuredOverSeconds,
    ...(await campaignPolicyShares(db, campaignId)),
  };
}

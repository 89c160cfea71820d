import { z } from 'zod';

/** One policy's part of a campaign's comparisons. */
export const policyShare = z.object({
  policyId: z.string(),
  policy: z.string(),
  comparisons: z.number().describe('Comparisons (queued or completed) the policy takes part in.'),
  share: z
    .number()
    .describe(
      "Its part of all policies' places in those comparisons (two per comparison), 0 to 1.",
    ),
  unreachable: z
    .boolean()
    .describe('Its server could not be reached when last tried: the scheduler leaves it out.'),
});
export type PolicyShare = z.infer<typeof policyShare>;

/** A campaign's progress with a rate and an ETA. */
export const campaignThroughput = z.object({
  budget: z.number(),
  notScheduled: z.number().describe('Budget slots not yet handed to the queue.'),
  inFlight: z
    .number()
    .describe('Scheduled and not finished: waiting for a worker or being rolled out.'),
  running: z
    .number()
    .nullable()
    .describe(
      'Of those in flight, how many have a rollout on a worker now; null when the queue was not asked.',
    ),
  queued: z
    .number()
    .nullable()
    .describe('Of those in flight, how many wait; null when the queue was not asked.'),
  completed: z.number(),
  failed: z.number(),
  perMinute: z
    .number()
    .nullable()
    .describe(
      'Comparisons completed per minute over the last window; null when none completed in it.',
    ),
  etaSeconds: z
    .number()
    .nullable()
    .describe(
      'Seconds until the budget is reached at that rate; null when not running or no rate.',
    ),
  measuredOverSeconds: z.number().nullable(),
  policyShares: z
    .array(policyShare)
    .describe("Each policy's part of the comparisons, to spot one that has fallen behind."),
  imbalanced: z
    .boolean()
    .describe('Whether the shares have drifted further apart than the scheduler lets them.'),
});
export type CampaignThroughput = z.infer<typeof campaignThroughput>;

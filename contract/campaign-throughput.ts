import { z } from 'zod';

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
});
export type CampaignThroughput = z.infer<typeof campaignThroughput>;

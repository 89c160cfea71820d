import { z } from 'zod';

/** Query of a campaign's recent comparisons. */
export const recentComparisonsQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(20),
});

/** Query of the server-sent event stream: one campaign's events, or every campaign's. */
export const eventsQuery = z.object({
  campaign: z.string().min(1, 'must name a campaign id').optional(),
});

/** Path of one comparison. */
export const comparisonPath = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be a comparison id (letters, digits, ".", "_", "-")'),
});

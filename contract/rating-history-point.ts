import { z } from 'zod';

/** The ratings of a campaign as they stood after a given number of judgements. */
export const ratingHistoryPoint = z.object({
  judgementCount: z.number(),
  fittedAt: z.string(),
  ratings: z.array(
    z.object({
      policyId: z.string(),
      policy: z.string(),
      rating: z.number(),
      ciLow: z.number().nullable(),
      ciHigh: z.number().nullable(),
    }),
  ),
});
export type RatingHistoryPoint = z.infer<typeof ratingHistoryPoint>;

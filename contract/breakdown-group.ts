import { z } from 'zod';

/** One group of a campaign's breakdown (a task, a judgement source, a judge…) fitted on its own. */
export const breakdownGroup = z.object({
  key: z.string(),
  label: z.string().describe("The task's name for `task`; the key itself otherwise."),
  judgementCount: z.number(),
  leaderboard: z.array(
    z.object({
      policy: z.string(),
      rating: z.number(),
      ciLow: z.number().nullable(),
      ciHigh: z.number().nullable(),
      comparisons: z.number(),
      wins: z.number(),
      losses: z.number(),
      ties: z.number(),
    }),
  ),
});
export type BreakdownGroup = z.infer<typeof breakdownGroup>;

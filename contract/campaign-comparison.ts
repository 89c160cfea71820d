import { z } from 'zod';

const named = z.object({ id: z.string(), name: z.string() });

/** How well a simulated campaign's ranking predicts a real-robot campaign's. */
export const campaignComparison = z.object({
  sim: named,
  real: named,
  policies: z
    .array(z.string())
    .describe('Policies (by name) rated in both campaigns; only these enter the statistics.'),
  pearson: z.number().nullable(),
  spearman: z.number().nullable(),
  meanMaximumRankViolation: z
    .number()
    .nullable()
    .describe("SIMPLER's Mean Maximum Rank Violation, in Elo points of the real campaign."),
});
export type CampaignComparison = z.infer<typeof campaignComparison>;

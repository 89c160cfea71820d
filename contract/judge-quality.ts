import { z } from 'zod';

/** One human judge's agreement with the automatic outcome and whether it is anomalous. */
export const judgeQualityView = z.object({
  judge: z.string().describe('The judge key: crowd:<token id> or an evaluator.'),
  votes: z.number().describe('Every vote of this judge in the campaign.'),
  decisiveVotes: z
    .number()
    .describe('Votes on comparisons whose automatic outcome picked a winner (the denominator).'),
  agreements: z.number().describe('Of those, votes for the automatic winner.'),
  rate: z.number().nullable().describe('agreements / decisiveVotes; null without decisive votes.'),
  interval: z
    .object({ low: z.number().nullable(), high: z.number().nullable() })
    .describe('Wilson 95% interval of the rate.'),
  othersRate: z
    .number()
    .nullable()
    .describe("The other judges' pooled agreement, which this judge is tested against."),
  pValue: z
    .number()
    .nullable()
    .describe('One-sided binomial probability of agreeing this little; null when untested.'),
  adjustedPValue: z
    .number()
    .nullable()
    .describe('Holm-adjusted across the tested judges; null when untested.'),
  flagged: z.boolean().describe('adjustedPValue below alpha: excluded by judges=trusted.'),
});

export const campaignJudges = z.object({
  alpha: z.number().describe('Family-wise error rate of the flags across judges.'),
  minVotes: z.number().describe('Decisive votes a judge needs before they are tested.'),
  judges: z.array(judgeQualityView),
});
export type CampaignJudges = z.infer<typeof campaignJudges>;

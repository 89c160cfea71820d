import { z } from 'zod';

const agreementRate = z.object({
  pairs: z.number().describe('Pairs counted (the denominator).'),
  agreements: z.number(),
  rate: z.number().nullable().describe('agreements / pairs; null when there are none.'),
  interval: z
    .object({ low: z.number().nullable(), high: z.number().nullable() })
    .describe('Wilson 95% interval of the rate.'),
});

/** How often the automatic outcome agrees with the human judgements of the same comparison. */
export const autoHumanAgreement = z.object({
  comparisons: z
    .number()
    .describe('Comparisons holding an automatic outcome and at least one human judgement.'),
  exact: agreementRate.describe(
    'Every (automatic, human) pair: agreement means the same winner, or a tie on both sides.',
  ),
  decisive: agreementRate.describe('Only pairs where both sides picked a winner.'),
  counts: z.object({
    sameWinner: z.number(),
    oppositeWinner: z.number(),
    bothTie: z.number(),
    humanTie: z.number().describe('The automatic outcome was decisive, the human called a tie.'),
    autoTie: z.number().describe('The automatic outcome was a tie, the human picked a winner.'),
  }),
});
export type AutoHumanAgreement = z.infer<typeof autoHumanAgreement>;

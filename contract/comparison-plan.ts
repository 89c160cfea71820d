import { z } from 'zod';

/**
 * How many more paired comparisons of a against b should separate them at 95% with 80% power,
 * assuming the current estimate of their difference is the truth.
 */
export const comparisonPlan = z.object({
  a: z.string(),
  b: z.string(),
  ratingDifference: z.number().describe('Fitted rating of a minus that of b, in Elo points.'),
  outcomeDifference: z
    .number()
    .describe('P(a wins) − P(b wins) in one comparison, predicted by the fitted model.'),
  perComparisonVariance: z.number(),
  varianceSource: z.enum(['empirical', 'model']),
  directComparisons: z.number().describe('Comparisons of a against b so far.'),
  comparisonsNeeded: z.number().nullable(),
  furtherComparisons: z.number().nullable(),
  note: z.string().nullable().describe('Why there is no number, when there is none.'),
});
export type ComparisonPlan = z.infer<typeof comparisonPlan>;

import { z } from 'zod';
import { comparisonStatus, judgementOutcome } from './literals.ts';

/** One line of a campaign's recent comparisons on the dashboard. */
export const comparisonSummary = z.object({
  id: z.string(),
  ordinal: z.number(),
  status: comparisonStatus,
  task: z.string(),
  policyA: z.string(),
  policyB: z.string(),
  autoOutcome: judgementOutcome.nullable().describe('The automatic judgement, when there is one.'),
  judgementCount: z.number(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type ComparisonSummary = z.infer<typeof comparisonSummary>;

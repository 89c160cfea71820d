import { z } from 'zod';

/** The outcome of checking a policy for real: one episode on the shortest task. */
export const policyHealth = z.object({
  ok: z.boolean(),
  latencyMs: z
    .number()
    .describe('Wall time of the check: creating the policy and running one episode, milliseconds.'),
  task: z.string().describe('The task the check ran.'),
  steps: z.number().nullable(),
  success: z.boolean().nullable(),
  error: z.string().nullable(),
  checkedAt: z.string(),
});
export type PolicyHealth = z.infer<typeof policyHealth>;

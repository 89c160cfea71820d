import { z } from 'zod';

/** One field of a request and what is wrong with it. */
export const problem = z.object({
  field: z.string().describe('Path of the field in the request, e.g. `tasks[0].perturbations`.'),
  problem: z.string(),
});
export type Problem = z.infer<typeof problem>;

/** Body of every error response: a sentence for people and the fields for programs. */
export const errorBody = z.object({
  error: z.string(),
  problems: z.array(problem).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;

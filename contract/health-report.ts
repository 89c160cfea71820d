import { z } from 'zod';

/** One dependency's answer to the health check. */
export const dependencyCheck = z.object({
  ok: z.boolean(),
  error: z
    .string()
    .nullable()
    .describe('Why it is not ok, as its client reported it; null when ok.'),
  latencyMs: z.number(),
});
export type DependencyCheck = z.infer<typeof dependencyCheck>;

/** What `/api/health` answers: `degraded` while the database or Redis does not answer. */
export const healthReport = z.object({
  ok: z.boolean(),
  status: z.enum(['ok', 'degraded']),
  database: dependencyCheck.optional(),
  redis: dependencyCheck.optional(),
});
export type HealthReport = z.infer<typeof healthReport>;

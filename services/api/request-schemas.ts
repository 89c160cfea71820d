import { z } from 'zod';
import { crowdJudgePattern } from '../judging/crowd-judge.ts';

const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'may hold letters, digits, spaces, ".", "_" and "-"');

export const policyRequest = z.strictObject({
  name,
  kind: z.literal('builtin', {
    error: 'must be "builtin" (remote policies are not supported yet)',
  }),
  builtin: z.string().min(1, 'must name a built-in policy'),
});

export const taskRequest = z.strictObject({
  name,
  simTask: z.string().min(1, 'must name a task of the simulator'),
  instruction: z.string().trim().min(1, 'must not be empty').max(500).optional(),
});

export const campaignRequest = z.strictObject({
  name,
  policies: z.array(z.string().min(1)).min(2, 'must list at least two policies'),
  tasks: z
    .array(
      z.union([
        z.string().min(1),
        z.strictObject({
          task: z.string().min(1, 'must name a task'),
          perturbations: z
            .record(z.string(), z.array(z.unknown()), {
              error: 'must map perturbation fields to lists of values',
            })
            .optional(),
        }),
      ]),
    )
    .min(1, 'must list at least one task'),
  budget: z
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1000000'),
  maxInFlight: z
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(8),
  pairing: z
    .enum(['uniform', 'active'], { error: 'must be "uniform" or "active"' })
    .default('uniform'),
  seed: z
    .number()
    .int('must be an integer')
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  judgementSources: z
    .array(z.enum(['auto', 'crowd', 'evaluator']))
    .min(1, 'must list at least one of auto, crowd, evaluator')
    .refine((sources) => new Set(sources).size === sources.length, 'must not repeat a source')
    .default(['auto']),
  start: z.boolean().default(false),
});

export type PolicyRequest = z.infer<typeof policyRequest>;
export type TaskRequest = z.infer<typeof taskRequest>;
export type CampaignRequest = z.infer<typeof campaignRequest>;

export const breakdownQuery = z.object({
  by: z.union(
    [z.enum(['task', 'source', 'judge']), z.templateLiteral(['perturbation.', z.string().min(1)])],
    { error: 'must be task, source, judge or perturbation.<field>' },
  ),
});

export const compareQuery = z.object({
  sim: z.string({ error: 'must name the simulated campaign' }).min(1),
  real: z.string({ error: 'must name the real-robot campaign' }).min(1),
});

export const planQuery = z.object({
  a: z.string({ error: 'must name a policy' }).min(1, 'must name a policy'),
  b: z.string({ error: 'must name a policy' }).min(1, 'must name a policy'),
});

const judgeId = z
  .string({ error: 'must be the judge id the page generated' })
  .regex(crowdJudgePattern, 'must be 8 to 64 letters, digits, "_" or "-"');

export const nextJudgingQuery = z.object({
  judge: judgeId,
  exclude: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? [] : value.split(','))),
});

export const replayQuery = z.object({
  judge: judgeId,
  view: z.enum(['left', 'right'], { error: 'must be left or right' }),
});

export const voteRequest = z.strictObject({
  judge: judgeId,
  ticket: z.string().min(1, 'must be the ticket of the comparison shown'),
  choice: z.enum(['left', 'right', 'tie', 'both-failed'], {
    error: 'must be left, right, tie or both-failed',
  }),
  comment: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});

import { z } from 'zod';
import { stationNamePattern } from './name-patterns.ts';

const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'may hold letters, digits, spaces, ".", "_" and "-"');

export const policyRequest = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      name,
      kind: z.literal('builtin'),
      builtin: z
        .string({ error: 'must name a built-in policy' })
        .min(1, 'must name a built-in policy')
        .max(200, 'must be at most 200 characters'),
    }),
    // The remote spec's details (URL scheme, observation keys, columns) are checked by
    // validateRemotePolicySpec, which names the field; here only the shape.
    z.strictObject({
      name,
      kind: z.literal('openpi'),
      endpoint: z
        .string({ error: 'must be the ws:// URL of the openpi policy server' })
        .max(2048, 'must be at most 2048 characters'),
      apiKey: z.string().max(1024, 'must be at most 1024 characters').optional(),
      observation: z.unknown().optional(),
      images: z.unknown().optional(),
      actionMode: z.unknown().optional(),
      actionColumns: z.unknown().optional(),
      executeSteps: z.unknown().optional(),
    }),
  ],
  { error: 'must be "builtin" or "openpi" (a policy served over the openpi websocket protocol)' },
);

export const taskRequest = z.strictObject({
  name,
  simTask: z.string().min(1, 'must name a task of the simulator'),
  instruction: z.string().trim().min(1, 'must not be empty').max(500).optional(),
});

export const campaignRequest = z
  .strictObject({
    name,
    policies: z
      .array(z.string().min(1).max(100, 'must be at most 100 characters'))
      .min(2, 'must list at least two policies')
      .max(100, 'must list at most 100 policies'),
    tasks: z
      .array(
        z.union([
          z.string().min(1).max(100, 'must be at most 100 characters'),
          z.strictObject({
            task: z.string().min(1, 'must name a task').max(100, 'must be at most 100 characters'),
            perturbations: z
              .record(z.string(), z.array(z.unknown()).max(100, 'must sweep at most 100 values'), {
                error: 'must map perturbation fields to lists of values',
              })
              .optional(),
          }),
        ]),
      )
      .min(1, 'must list at least one task')
      .max(100, 'must list at most 100 tasks'),
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
      .optional(),
    start: z.boolean().default(false),
    policyErrors: z
      .enum(['loss', 'exclude'], { error: 'must be "loss" or "exclude"' })
      .default('loss'),
    stations: z
      .array(
        z
          .string()
          .regex(
            stationNamePattern,
            'must be 1 to 40 lower-case letters, digits or "-", starting with a letter or digit',
          ),
      )
      .max(100, 'must list at most 100 stations')
      .refine((stations) => new Set(stations).size === stations.length, 'must not repeat a station')
      .optional(),
    stationEpisodeS: z
      .number()
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(3600, 'must be at most 3600')
      .optional(),
  })
  .superRefine((campaign, ctx) => {
    const onStations = (campaign.stations ?? []).length > 0;
    const sources = campaign.judgementSources;
    // Only simulated episodes have an automatic outcome; a station's comparisons are judged by
    // its evaluator, so a station campaign ranking nothing but 'auto' would never rank anything.
    if (onStations && sources !== undefined && !sources.includes('evaluator')) {
      ctx.addIssue({
        code: 'custom',
        path: ['judgementSources'],
        message: 'a campaign run on stations is judged by their evaluators: include "evaluator"',
      });
    }
    if (onStations) {
      // A robot's scene is what its evaluator sets up: a simulated sweep cannot be applied, and
      // recording one would make breakdowns by perturbation report what never happened.
      campaign.tasks.forEach((task, i) => {
        if (typeof task !== 'string' && task.perturbations !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['tasks', i, 'perturbations'],
            message:
              'perturbation sweeps apply to simulation only, not to a campaign run on stations',
          });
        }
      });
    }
    if (!onStations && campaign.stationEpisodeS !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['stationEpisodeS'],
        message: 'applies only to a campaign run on stations',
      });
    }
  })
  .transform((campaign) => ({
    ...campaign,
    judgementSources:
      campaign.judgementSources ??
      ((campaign.stations ?? []).length > 0 ? ['evaluator' as const] : ['auto' as const]),
  }));

export type PolicyRequest = z.infer<typeof policyRequest>;
export type TaskRequest = z.infer<typeof taskRequest>;
export type CampaignRequest = z.infer<typeof campaignRequest>;

export const breakdownQuery = z.object({
  by: z.union(
    [z.enum(['task', 'source', 'judge']), z.templateLiteral(['perturbation.', z.string().min(1)])],
    { error: 'must be task, source, judge or perturbation.<field>' },
  ),
});

export const leaderboardQuery = z.object({
  judges: z
    .enum(['all', 'trusted'], { error: 'must be all or trusted' })
    .default('all')
    .describe('trusted refits without the votes of judges flagged by /judges.'),
});

export const compareQuery = z.object({
  sim: z.string({ error: 'must name the simulated campaign' }).min(1),
  real: z.string({ error: 'must name the real-robot campaign' }).min(1),
});

export const planQuery = z.object({
  a: z.string({ error: 'must name a policy' }).min(1, 'must name a policy'),
  b: z.string({ error: 'must name a policy' }).min(1, 'must name a policy'),
});

/** A judging ticket as the server issues it: random URL-safe base64. */
const judgingTicket = z
  .string({ error: 'must be the ticket of the comparison shown' })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be the ticket of the comparison shown');

export const nextJudgingQuery = z.object({
  exclude: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? [] : value.split(',')))
    .pipe(z.array(judgingTicket).max(50, 'must list at most 50 tickets')),
});

export const replayQuery = z.object({
  ticket: judgingTicket,
  view: z.enum(['left', 'right'], { error: 'must be left or right' }),
});

export const voteRequest = z.strictObject({
  ticket: judgingTicket,
  choice: z.enum(['left', 'right', 'tie', 'both-failed'], {
    error: 'must be left, right, tie or both-failed',
  }),
  comment: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});

export const stationPath = z.object({
  station: z
    .string()
    .regex(stationNamePattern, 'must be a station name: lower-case letters, digits and "-"'),
});

const stationTicket = z
  .string({ error: 'must be the ticket of the comparison in hand' })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be the ticket of the comparison in hand');

export const stationSignalRequest = z.strictObject({
  ticket: stationTicket,
  signal: z.enum(['start-A', 'stop-A', 'start-B', 'stop-B'], {
    error: 'must be start-A, stop-A, start-B or stop-B',
  }),
});

const progressScore = z
  .number({ error: 'must be a number from 0 to 100' })
  .min(0, 'must be at least 0')
  .max(100, 'must be at most 100');

export const stationEvaluationRequest = z.strictObject({
  ticket: stationTicket,
  progressA: progressScore,
  progressB: progressScore,
  preference: z.enum(['A', 'B', 'tie'], { error: 'must be A, B or tie' }),
  comment: z
    .string()
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .optional()
    .transform((comment) => (comment === undefined || comment === '' ? null : comment)),
  evaluator: z
    .string({ error: 'must name the evaluator' })
    .trim()
    .min(1, 'must name the evaluator')
    .max(64, 'must be at most 64 characters'),
});

export const battlesQuery = z.object({
  format: z.enum(['jsonl', 'csv'], { error: 'must be "jsonl" or "csv"' }).default('jsonl'),
});

/** Exchanging a token for a session cookie (the login page posts the token from its link). */
export const sessionRequest = z.strictObject({
  token: z
    .string({ error: 'must be the token from your sign-in link' })
    .regex(/^arena_[A-Za-z0-9_-]{43}$/, 'must be the token from your sign-in link'),
});

/** A researcher inviting a crowd judge: a new judge token, returned once as a sign-in link. */
export const judgeInviteRequest = z.strictObject({
  label: z.string().trim().min(1).max(100, 'must be at most 100 characters').optional(),
});

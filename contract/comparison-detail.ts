import { z } from 'zod';
import { comparisonStatus, judgementOutcome, judgementSource } from './literals.ts';
import { stationControlRate } from './station-status.ts';

export const episodeMetrics = z.object({
  success: z.boolean(),
  progress: z.number(),
  steps: z.number(),
  durationMs: z.number(),
  timeToSuccessMs: z.number().nullable(),
  pathLengthM: z.number().nullable(),
  peakContactForceN: z.number().nullable(),
  error: z.string().nullable(),
  trajectoryUrl: z
    .string()
    .nullable()
    .describe('Where the replay viewer fetches the trajectory; null when none was recorded.'),
  controlRate: stationControlRate
    .nullable()
    .describe("A station episode's control rate; null for simulated episodes."),
});
export type EpisodeMetrics = z.infer<typeof episodeMetrics>;

export const judgementDetail = z.object({
  source: judgementSource,
  judge: z.string(),
  outcome: judgementOutcome,
  bothFailed: z.boolean(),
  comment: z.string().nullable(),
  progress: z
    .object({ A: z.number(), B: z.number() })
    .nullable()
    .describe(
      "A station evaluator's progress scores (0-100) of A and B; null for other judgements.",
    ),
  createdAt: z.string(),
});
export type JudgementDetail = z.infer<typeof judgementDetail>;

const named = z.object({ id: z.string(), name: z.string() });

/**
 * Everything recorded about one comparison, for researchers: it names both policies, so it is
 * served only to the comparison page, never to judges or stations.
 */
export const comparisonDetail = z.object({
  id: z.string(),
  campaign: named,
  ordinal: z.number(),
  status: comparisonStatus,
  error: z.string().nullable(),
  task: z.object({ name: z.string(), instruction: z.string() }),
  seed: z.number(),
  perturbation: z.record(z.string(), z.unknown()).nullable(),
  policies: z.object({ A: named, B: named }),
  episodes: z.object({ A: episodeMetrics.nullable(), B: episodeMetrics.nullable() }),
  judgements: z.array(judgementDetail),
  outcome: z
    .object({
      auto: judgementOutcome.nullable(),
      votes: z.object({ A: z.number(), B: z.number(), tie: z.number() }),
    })
    .describe('Votes per outcome over every judgement, and the automatic one alone.'),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type ComparisonDetail = z.infer<typeof comparisonDetail>;

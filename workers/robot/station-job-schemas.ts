import { errorMessage } from '../../lib/error-message.ts';
import { z } from 'zod';
import type {
  StationEpisodeResult,
  StationEvaluation,
  StationJobData,
} from '../../queue/station-job.ts';

/** Job data or an evaluation the station cannot act on; names the field that is wrong. */
export class InvalidStationInputError extends Error {
  override name = 'InvalidStationInputError';
}

const episodeResult = z.object({
  side: z.enum(['A', 'B']),
  steps: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  error: z.string().nullable(),
  termination: z.enum(['time-limit', 'stopped', 'error']),
  trajectory: z
    .object({ key: z.string().min(1), byteLength: z.number().int().nonnegative() })
    .nullable()
    .optional(),
  // Absent from results written before stations measured their rate and recorded episodes.
  targetHz: z.number().positive().nullable().default(null),
  achievedHz: z.number().nonnegative().nullable().default(null),
  droppedFrames: z.number().int().nonnegative().default(0),
  recording: z.string().nullable().default(null),
}) satisfies z.ZodType<StationEpisodeResult>;

const policyHandle = z
  .string()
  .refine((url) => /^wss?:\/\//.test(url), 'must be a ws:// or wss:// URL');

const jobData = z.object({
  comparisonId: z.string().min(1),
  station: z.string().min(1),
  task: z.object({ name: z.string().min(1), instruction: z.string().min(1) }),
  policies: z.object({ A: policyHandle, B: policyHandle }),
  episodeTimeLimitS: z.number().positive().max(3600),
  done: z.object({ A: episodeResult.optional(), B: episodeResult.optional() }).optional(),
}) satisfies z.ZodType<StationJobData>;

const evaluation = z.object({
  progressA: z.number().min(0).max(100),
  progressB: z.number().min(0).max(100),
  preference: z.enum(['A', 'B', 'tie']),
  comment: z.string().nullable(),
  evaluator: z.string().min(1),
  submittedAt: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<StationEvaluation>;

export function parseStationJobData(data: unknown): StationJobData {
  return parseWith(jobData, data, 'station job data');
}

/** Parses the evaluator's JSON as services stored it. */
export function parseStationEvaluation(json: string): StationEvaluation {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new InvalidStationInputError(`the evaluation is not JSON (${errorMessage(error)})`);
  }
  return parseWith(evaluation, value, 'the evaluation');
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
  throw new InvalidStationInputError(`${what} is invalid: ${problems.join('; ')}`);
}

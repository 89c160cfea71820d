import { z } from 'zod';
import { stationPhase, stationTermination } from './literals.ts';

/** How closely a station episode's control loop kept to its rate. */
export const stationControlRate = z.object({
  targetHz: z.number().nullable().describe('The control rate the station aimed for, Hz.'),
  achievedHz: z
    .number()
    .nullable()
    .describe('Commands sent per second of the episode, waits for the policy included.'),
  droppedFrames: z
    .number()
    .describe('Control periods in which no command went out (late loop, slow policy).'),
});
export type StationControlRate = z.infer<typeof stationControlRate>;

/** How one of a station's episodes ended. */
export const stationEpisodeSummary = z.object({
  steps: z.number(),
  durationMs: z.number(),
  error: z
    .string()
    .nullable()
    .describe(
      'Why the episode ended abnormally (the policy failed, the robot faulted); null otherwise.',
    ),
  termination: stationTermination,
  ...stationControlRate.shape,
});
export type StationEpisodeSummary = z.infer<typeof stationEpisodeSummary>;

/** What an evaluator page shows: the comparison in hand at a station, and nothing identifying. */
export const stationStatus = z.object({
  station: z.string(),
  current: z
    .object({
      ticket: z
        .string()
        .describe('Random handle on the comparison in hand; maps to nothing outside this station.'),
      task: z.object({ name: z.string(), instruction: z.string() }),
      phase: stationPhase,
      since: z.string(),
      episodes: z.object({
        A: stationEpisodeSummary.nullable(),
        B: stationEpisodeSummary.nullable(),
      }),
      episodeTimeLimitS: z.number(),
    })
    .nullable(),
  waiting: z.number().describe('Comparisons waiting for this station after the current one.'),
});
export type StationStatus = z.infer<typeof stationStatus>;

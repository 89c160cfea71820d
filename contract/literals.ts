import { z } from 'zod';

/**
 * The closed sets of words that cross a boundary: stored in the database, carried by queue jobs,
 * sent over HTTP and shown by the browser. Each is a zod enum, so requests and responses can be
 * validated and documented with it, and a type of the same name for the code.
 */

/** Which of a comparison's two episodes: A and B run the same task from the same initial state. */
export const episodeSide = z.enum(['A', 'B']);
export type EpisodeSide = z.infer<typeof episodeSide>;

/** Who judged: the simulated outcome, an evaluator at a robot, or a crowd judge. */
export const judgementSource = z.enum(['auto', 'evaluator', 'crowd']);
export type JudgementSource = z.infer<typeof judgementSource>;

/** Which episode a judgement prefers. */
export const judgementOutcome = z.enum(['A', 'B', 'tie']);
export type JudgementOutcome = z.infer<typeof judgementOutcome>;

export const campaignStatus = z.enum(['draft', 'running', 'paused', 'completed', 'cancelled']);
export type CampaignStatus = z.infer<typeof campaignStatus>;

/** How a campaign picks the next pair of policies. */
export const pairingStrategy = z.enum(['uniform', 'active']);
export type PairingStrategy = z.infer<typeof pairingStrategy>;

export const comparisonStatus = z.enum(['queued', 'completed', 'failed']);
export type ComparisonStatus = z.infer<typeof comparisonStatus>;

/** A built-in simulator policy, or one served over the openpi websocket protocol. */
export const policyKind = z.enum(['builtin', 'openpi']);
export type PolicyKind = z.infer<typeof policyKind>;

/**
 * Where a station's comparison stands: `reset-A` waits for the evaluator to set up the scene and
 * press start; `A` runs; likewise B; `evaluation` waits for the evaluator's scores.
 */
export const stationPhase = z.enum(['reset-A', 'A', 'reset-B', 'B', 'evaluation']);
export type StationPhase = z.infer<typeof stationPhase>;

/** Who ended a station's episode: the time limit, the evaluator's stop, or an error. */
export const stationTermination = z.enum(['time-limit', 'stopped', 'error']);
export type StationTermination = z.infer<typeof stationTermination>;

/** What an episode ended by its policy's own error counts as: a loss, or not counted at all. */
export const policyErrorRule = z.enum(['loss', 'exclude']);
export type PolicyErrorRule = z.infer<typeof policyErrorRule>;
/**
 * What a credential may do: a researcher runs the arena and reads everything; a judge votes on
 * replays; an evaluator scores comparisons at one station; a station worker runs one station.
 */
export const apiRole = z.enum(['researcher', 'judge', 'evaluator', 'station']);
export type ApiRole = z.infer<typeof apiRole>;

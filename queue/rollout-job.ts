import type { EpisodeSide } from '../services/db/schema.ts';

/** What a sim worker needs to run one episode. It carries no database ids but the comparison's. */
export interface RolloutJobData {
  comparisonId: string;
  side: EpisodeSide;
  /** Task name in the sim/ catalog. */
  task: string;
  /** Initial-state seed: identical for both sides of a comparison. */
  seed: number;
  policy: { kind: 'builtin'; name: string };
}

/** A rollout's return value: the episode as the simulator saw it. */
export interface RolloutJobResult {
  comparisonId: string;
  side: EpisodeSide;
  success: boolean;
  progress: number;
  steps: number;
  durationMs: number;
  error: string | null;
  trajectoryRef: string | null;
}

export interface ComparisonJobData {
  comparisonId: string;
  campaignId: string;
}

/** BullMQ job ids may not contain ':' nor be all digits; comparison ids never are. */
export function rolloutJobId(comparisonId: string, side: EpisodeSide): string {
  return `${comparisonId}-${side}`;
}

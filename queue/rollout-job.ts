import type { EpisodeSide } from '../services/db/schema.ts';
import type { Perturbation, ResolvedPerturbation } from '../sim/index.ts';

/** What a sim worker needs to run one episode. It carries no database ids but the comparison's. */
export interface RolloutJobData {
  comparisonId: string;
  side: EpisodeSide;
  /** Task name in the sim/ catalog. */
  task: string;
  /** Initial-state seed: identical for both sides of a comparison. */
  seed: number;
  policy: RolloutPolicy;
  /** Applied to both sides alike; absent means the task as designed. */
  perturbation?: Perturbation;
}

/**
 * The policy a rollout runs: a sim built-in by name, or a remote policy over openpi. A remote
 * policy's spec holds credentials (its API key, any in its URL) that a sim worker must present
 * but Redis must not hold in the clear: the spec travels sealed with the deployment secret
 * (`sealRemotePolicy`), and `endpoint` is its URL with credentials hidden, for people reading
 * the queue.
 */
export type RolloutPolicy =
  { kind: 'builtin'; name: string } | { kind: 'openpi'; endpoint: string; sealedSpec: string };

/** A rollout's return value: the episode as the simulator saw it. */
export interface RolloutJobResult {
  comparisonId: string;
  side: EpisodeSide;
  success: boolean;
  progress: number;
  steps: number;
  durationMs: number;
  error: string | null;
  timeToSuccessMs: number | null;
  pathLengthM: number | null;
  peakContactForceN: number | null;
  /** The perturbation as it ran, every field filled in. */
  perturbation: ResolvedPerturbation | null;
  /**
   * The recorded trajectory, encoded (gzip) and base64'd: it travels in the job's return value
   * because workers have no storage of their own; services move it into the artifact store.
   */
  trajectory: string | null;
}

export interface ComparisonJobData {
  comparisonId: string;
  campaignId: string;
}

/** BullMQ job ids may not contain ':' nor be all digits; comparison ids never are. */
export function rolloutJobId(comparisonId: string, side: EpisodeSide): string {
  return `${comparisonId}-${side}`;
}

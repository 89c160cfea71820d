import type { EpisodeSide } from '../contract/literals.ts';
import type { EpisodeTermination, Perturbation, ResolvedPerturbation } from '../sim/index.ts';
import type { StagedTrajectory } from './staged-trajectory.ts';

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
  /** The API request that started the campaign, for following it through the logs. */
  requestId?: string;
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
  /**
   * Why the episode ended; `policy-error` means the policy itself failed (bad output, an error
   * frame, a timeout), which loses the comparison. Absent from results of older workers.
   */
  termination?: EpisodeTermination;
  timeToSuccessMs: number | null;
  pathLengthM: number | null;
  peakContactForceN: number | null;
  /** The perturbation as it ran, every field filled in. */
  perturbation: ResolvedPerturbation | null;
  /**
   * Where the recorded trajectory waits in Redis for the services to move it into the artifact
   * store; the bytes never travel in the return value.
   */
  trajectory: StagedTrajectory | null;
}

export interface ComparisonJobData {
  comparisonId: string;
  campaignId: string;
  /** The API request that started the campaign, for following it through the logs. */
  requestId?: string;
}

/** BullMQ job ids may not contain ':' nor be all digits; comparison ids never are. */
export function rolloutJobId(comparisonId: string, side: EpisodeSide): string {
  return `${comparisonId}-${side}`;
}

/**
 * How a rollout failed because its remote policy's server could not be reached (not the
 * policy's fault): the failure reason starts with this, so services can pause that policy.
 */
export const policyServerUnreachable = 'policy server unreachable:';

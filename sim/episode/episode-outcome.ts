import type { WorldSnapshot } from '../observation.ts';
import type { Perturbation, ResolvedPerturbation } from '../perturbations/perturbation.ts';
import type { Trajectory } from '../trajectory/trajectory.ts';

export interface EpisodeSpec {
  task: string;
  seed: number;
  /** A built-in policy name (see builtinPolicyNames and createBuiltinPolicy). */
  policy: string;
  /** Changes to the task's scene and dynamics; all fields optional. */
  perturbation?: Perturbation;
}

/** Why an episode ended. */
export type EpisodeTermination = 'success' | 'time-limit' | 'policy-error' | 'physics-diverged';

export interface EpisodeOutcome {
  success: boolean;
  /** Task progress in [0, 1] at the end; 0 whenever `error` is set. */
  progress: number;
  /** Control steps executed. */
  steps: number;
  /** Simulated time, not wall time. */
  durationMs: number;
  /** Why the episode was cut short by the policy or the physics, or null. */
  error: string | null;
  termination: EpisodeTermination;
  /** Simulated time at which the success predicate first held, or null. */
  timeToSuccessMs: number | null;
  /** Distance the grip point travelled, metres (sampled at the control rate). */
  endEffectorPathLengthM: number;
  /** Largest normal force of any contact touching the robot, newtons (sampled per control step). */
  peakContactForceN: number;
  /** The perturbation that ran, every field filled in. */
  perturbation: ResolvedPerturbation;
  finalState?: WorldSnapshot;
  /** Present when the episode was run with `record: true`. */
  trajectory?: Trajectory;
}

export interface RunEpisodeOptions {
  /** Control steps between yields to the event loop (so e.g. BullMQ lock renewal can run). */
  yieldEverySteps?: number;
  /** Keep body poses at the control rate for replay (returned as `trajectory`). */
  record?: boolean;
  /** A policy call (reset or act) that takes longer ends the episode as a failure. */
  policyTimeoutMs?: number;
  /** For runEpisodeWithPolicy; runEpisode takes it from the spec. */
  perturbation?: Perturbation;
}

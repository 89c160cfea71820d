import type { TrajectoryCamera, TrajectoryGeom } from '../../../sim/trajectory/trajectory.ts';
import type { VisualPerturbation } from '../../../sim/perturbations/perturbation.ts';

export type { TrajectoryCamera, TrajectoryGeom, VisualPerturbation };

/**
 * A trajectory as the browser replays it: the JSON `GET /api/episodes/:id/trajectory` serves,
 * checked, with the per-frame arrays as float32 (w-first quaternions, as MuJoCo writes them).
 */
export interface ReplayTrajectory {
  readonly task: string;
  readonly frameHz: number;
  readonly bodyNames: readonly string[];
  readonly geoms: readonly TrajectoryGeom[];
  /** The scene's named cameras (none in trajectories recorded before scenes had any). */
  readonly cameras: readonly TrajectoryCamera[];
  readonly visuals: Partial<VisualPerturbation>;
  readonly frameCount: number;
  /** Simulated time of each frame, seconds, increasing. */
  readonly timesS: Float32Array;
  /** frameCount × bodyCount × 3, world frame, metres. */
  readonly bodyPositions: Float32Array;
  /** frameCount × bodyCount × 4, unit quaternions, w first. */
  readonly bodyQuaternions: Float32Array;
}

/** What a view shows: a trajectory, or the reason there is none (problems are data). */
export type ReplaySource =
  | { readonly kind: 'trajectory'; readonly trajectory: ReplayTrajectory }
  | { readonly kind: 'problem'; readonly message: string };

export function replayProblem(message: string): ReplaySource {
  return { kind: 'problem', message };
}

import type { ResolvedPerturbation, VisualPerturbation } from '../perturbations/perturbation.ts';

/** MuJoCo's geom types by their mjtGeom number. */
export const geomTypeNames = [
  'plane',
  'hfield',
  'sphere',
  'capsule',
  'ellipsoid',
  'cylinder',
  'box',
  'mesh',
  'sdf',
] as const;
export type GeomTypeName = (typeof geomTypeNames)[number] | 'unknown';

/** One geom of the compiled model, in its body's frame (MuJoCo's size conventions per type). */
export interface TrajectoryGeom {
  readonly name: string;
  readonly type: GeomTypeName;
  readonly size: readonly [number, number, number];
  readonly rgba: readonly [number, number, number, number];
  readonly bodyIndex: number;
  readonly bodyName: string;
  readonly localPosition: readonly [number, number, number];
  readonly localQuaternion: readonly [number, number, number, number];
}

/** A named MJCF camera, fixed in its body's frame; it looks along its -z with +y up. */
export interface TrajectoryCamera {
  readonly name: string;
  readonly bodyIndex: number;
  readonly localPosition: readonly [number, number, number];
  readonly localQuaternion: readonly [number, number, number, number];
  /** Vertical field of view, degrees. */
  readonly fovyDeg: number;
}

/** Everything a replay needs: the scene once, then body poses per frame. */
export interface Trajectory {
  readonly task: string;
  readonly seed: number;
  readonly frameHz: number;
  readonly bodyNames: readonly string[];
  readonly geoms: readonly TrajectoryGeom[];
  /** The scene's cameras, so a replay can show what a camera-based policy saw. */
  readonly cameras: readonly TrajectoryCamera[];
  /** Colours and lighting, for a renderer; also inside `perturbation`. */
  readonly visuals: VisualPerturbation;
  readonly perturbation: ResolvedPerturbation;
  readonly frameCount: number;
  /** Simulated time of each frame, seconds. */
  readonly timesS: Float32Array;
  /** frameCount × bodyCount × 3 body positions (world frame, metres). */
  readonly bodyPositions: Float32Array;
  /** frameCount × bodyCount × 4 body orientations (unit quaternions, w first). */
  readonly bodyQuaternions: Float32Array;
}

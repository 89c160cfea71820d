/** What a policy sees and returns. Plain numbers and arrays, so it can cross a network as JSON. */

export type Vec3 = readonly [x: number, y: number, z: number];

/** The valid joint-position targets, in radians, one entry per actuated joint. */
export interface ActionBounds {
  readonly lowerRad: readonly number[];
  readonly upperRad: readonly number[];
}

/** A copy of the simulator state a task cares about (never a view into WASM memory). */
export interface WorldSnapshot {
  readonly timeS: number;
  readonly jointPositionsRad: readonly number[];
  readonly jointVelocitiesRadS: readonly number[];
  readonly endEffectorPosition: Vec3;
  /** Positions of the task's movable objects by name, e.g. `cube`. */
  readonly objectPositions: Readonly<Record<string, Vec3>>;
  /** Linear velocities of the same objects, metres per second. */
  readonly objectVelocities: Readonly<Record<string, Vec3>>;
  readonly targetPosition: Vec3;
}

export interface Observation extends WorldSnapshot {
  readonly instruction: string;
  /** Control steps already executed in this episode. */
  readonly step: number;
  readonly actionBounds: ActionBounds;
}

/** Joint-position targets in radians, one per actuated joint (ActionBounds order). */
export type Action = Float64Array | readonly number[];

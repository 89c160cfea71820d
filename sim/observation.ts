/**
 * What a policy sees and returns. Plain numbers and arrays, so it can cross a network as JSON;
 * camera images, when a policy asks for them, are 8-bit RGB byte arrays.
 */
import type { CameraImages } from './render/camera-request.ts';

export type Vec3 = readonly [x: number, y: number, z: number];
/** A unit quaternion, scalar first (MuJoCo's convention). */
export type Quat = readonly [w: number, x: number, y: number, z: number];

/**
 * The valid joint-position targets, in radians, one entry per arm joint. The gripper command
 * (the last action entry) is separate: always in [0, 1], 0 fully open and 1 closed.
 */
export interface ActionBounds {
  readonly lowerRad: readonly number[];
  readonly upperRad: readonly number[];
}

/** A copy of the simulator state a task cares about (never a view into WASM memory). */
export interface WorldSnapshot {
  readonly timeS: number;
  /** The seven arm joints, in ActionBounds order. */
  readonly jointPositionsRad: readonly number[];
  readonly jointVelocitiesRadS: readonly number[];
  /** Distance between the finger pads, metres (0 = closed). */
  readonly gripperOpeningM: number;
  /** How closed the gripper is, DROID's `gripper_position`: 0 fully open, 1 closed. */
  readonly gripperPosition: number;
  /** The grip point between the finger pads. */
  readonly endEffectorPosition: Vec3;
  /** Orientation of the gripper: its local +z points from the palm towards the fingertips. */
  readonly endEffectorQuaternion: Quat;
  /** Positions of movable objects by name (task objects, then `distractor_i`), metres. */
  readonly objectPositions: Readonly<Record<string, Vec3>>;
  readonly objectQuaternions: Readonly<Record<string, Quat>>;
  /** Linear velocities of the same objects, metres per second. */
  readonly objectVelocities: Readonly<Record<string, Vec3>>;
  /** Positions of articulated parts, e.g. `{ drawer: 0.04 }` (metres open). */
  readonly articulations: Readonly<Record<string, number>>;
  /** Where the task wants something to go (or the drawer handle's goal), metres. */
  readonly targetPosition: Vec3;
}

export interface Observation extends WorldSnapshot {
  readonly instruction: string;
  /** Control steps already executed in this episode. */
  readonly step: number;
  readonly actionBounds: ActionBounds;
  /** The cameras the policy asked for (`Policy.cameras`), rendered at this step; else absent. */
  readonly images?: CameraImages;
}

/**
 * One control step's command: the arm values and a gripper command in [0, 1] (DROID's
 * convention: 0 fully open, 1 closed). The action mode says what the arm values are: 7
 * joint-position targets (radians), 7 joint velocities (rad/s), or 6 numbers of an end-effector
 * displacement (dx, dy, dz in metres and a rotation vector rx, ry, rz in radians, world frame).
 * See sim/README.md.
 */
export type Action = Float64Array | readonly number[];

/** H rows of Action, executed one per control step. */
export type ActionChunk = readonly Action[];

export const actionModes = ['joint-position', 'joint-velocity', 'ee-delta'] as const;
export type ActionMode = (typeof actionModes)[number];

/** The mode of a policy that names none. */
export const defaultActionMode: ActionMode = 'joint-position';

/**
 * The action mode `value` names, or undefined. `joint`, the name joint-position targets had when
 * the arm had six joints, is still read, so stored policy specs keep working.
 */
export function parseActionMode(value: unknown): ActionMode | undefined {
  if (value === 'joint') return 'joint-position';
  return actionModes.find((mode) => mode === value);
}

/** Arm values of a joint-mode action row: one per joint. */
export const armActionLength = 7;
/**
 * Entries per action row as the servos take it: seven arm values and the gripper command. An
 * ee-delta row of seven (six and the gripper) is widened to it with an unused seventh arm value.
 */
export const actionLength = armActionLength + 1;
/** Arm values of an ee-delta action: a displacement and a rotation vector. */
export const endEffectorDeltaLength = 6;

/**
 * How many numbers a policy's action row has in `mode`: 8 in the joint modes (seven joints and
 * the gripper), 7 in ee-delta (six and the gripper).
 */
export function actionWidth(mode: ActionMode): number {
  return mode === 'ee-delta' ? endEffectorDeltaLength + 1 : actionLength;
}

/** What the arm values of a row in `mode` are, for error messages and documentation. */
export function describeActionRow(mode: ActionMode): string {
  switch (mode) {
    case 'joint-position':
      return `${armActionLength} joint positions and a gripper command`;
    case 'joint-velocity':
      return `${armActionLength} joint velocities and a gripper command`;
    case 'ee-delta':
      return 'dx, dy, dz, rx, ry, rz and a gripper command';
  }
}

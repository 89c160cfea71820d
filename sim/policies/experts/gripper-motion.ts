/** Turns an end-effector goal into one ee-delta action; shared by the scripted experts. */
import { downwardGripperQuat, orientationError, rotateVector } from '../../control/quaternion.ts';
import type { Observation, Quat, Vec3 } from '../../observation.ts';

/** Gripper commands, DROID's convention: 0 fully open, 1 closed. */
export const gripperOpen = 0;
export const gripperClosed = 1;

/** Largest orientation change asked for in one control step, radians. */
const maxTurnRad = 0.25;

/** Yaw of a downward-pointing gripper: the world direction its fingers close along, from +y. */
export function gripperYawRad(quaternion: Quat): number {
  const [x, y] = rotateVector(quaternion, [0, 1, 0]);
  return Math.atan2(-x, y);
}

/** The angle equal to `desired` modulo `symmetryRad` that lies closest to `current`. */
export function nearestSymmetricAngle(
  desired: number,
  current: number,
  symmetryRad: number,
): number {
  return desired + symmetryRad * Math.round((current - desired) / symmetryRad);
}

export interface MotionGoal {
  readonly position: Vec3;
  readonly yawRad: number;
  readonly gripper: number;
  /** Largest grip-point displacement per control step, metres. */
  readonly maxStepM: number;
}

/** An ee-delta action moving the grip point towards the goal, gripper pointing down. */
export function motionToward(observation: Observation, goal: MotionGoal): number[] {
  const [x, y, z] = observation.endEffectorPosition;
  const delta = [goal.position[0] - x, goal.position[1] - y, goal.position[2] - z];
  const length = Math.hypot(...delta);
  const scale = length > goal.maxStepM ? goal.maxStepM / length : 1;
  const rotation = orientationError(
    observation.endEffectorQuaternion,
    downwardGripperQuat(goal.yawRad),
  );
  const angle = Math.hypot(...rotation);
  const turnScale = angle > maxTurnRad ? maxTurnRad / angle : 1;
  // The seventh arm value is unused in ee-delta mode.
  return [...delta.map((d) => d * scale), ...rotation.map((r) => r * turnScale), 0, goal.gripper];
}

export function distanceBetween(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export function planarDistanceBetween(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

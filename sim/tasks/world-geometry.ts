/** Measurements on world snapshots that several tasks share. */
import type { Quat, Vec3, WorldSnapshot } from '../observation.ts';

export class MissingObjectError extends Error {
  override name = 'MissingObjectError';
  constructor(task: string, object: string) {
    super(`${task} needs an object named "${object}" in the world snapshot`);
  }
}

export function objectPosition(world: WorldSnapshot, name: string, task: string): Vec3 {
  const position = world.objectPositions[name];
  if (!position) throw new MissingObjectError(task, name);
  return position;
}

export function objectSpeedMS(world: WorldSnapshot, name: string): number {
  const velocity = world.objectVelocities[name];
  return velocity ? Math.hypot(...velocity) : Infinity;
}

export function planarDistanceM(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export function distanceM(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Rotation about world z of a body whose local z stays roughly vertical, radians. */
export function yawOfQuat([w, x, y, z]: Quat): number {
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** 1 - gap / initialGap, clamped to [0, 1]; 0 when there was no gap to close. */
export function closedFraction(gap: number, initialGap: number): number {
  if (!(initialGap > 0) || !Number.isFinite(gap)) return 0;
  return Math.min(1, Math.max(0, 1 - gap / initialGap));
}

export function jointSpeedRadS(world: WorldSnapshot): number {
  return Math.hypot(...world.jointVelocitiesRadS);
}

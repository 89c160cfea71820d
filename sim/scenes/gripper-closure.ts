import { gripper } from './arm-geometry.ts';

/**
 * DROID's gripper position from the opening between the finger pads: 0 fully open, 1 closed,
 * clamped to that range. Policies trained on DROID read and command the gripper this way.
 */
export function gripperClosure(openingM: number): number {
  const fullOpeningM = 2 * gripper.maxFingerTravelM;
  return Math.min(1, Math.max(0, 1 - openingM / fullOpeningM));
}

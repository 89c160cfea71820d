/**
 * Planar kinematics of the tabletop arm: all three joints turn about vertical axes, so the
 * paddle's pose is (x, y, heading) and inverse kinematics has a closed form.
 */
import { armGeometry, armJointLowerRad, armJointUpperRad } from './tabletop-arm.ts';

export interface PlanarPose {
  readonly x: number;
  readonly y: number;
  /** Direction the paddle's pushing face points, radians from +x. */
  readonly headingRad: number;
}

const { upperArmLengthM: l1, forearmLengthM: l2, handLengthM: l3 } = armGeometry;
/** Keeps the elbow off full stretch and full fold, where the closed form loses precision. */
const reachMarginM = 0.002;

export function wrapAngleRad(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}

export function paddlePoseFromJoints(jointsRad: readonly number[]): PlanarPose {
  const [shoulder = 0, elbow = 0, wrist = 0] = jointsRad;
  const forearmAngle = shoulder + elbow;
  const handAngle = forearmAngle + wrist;
  return {
    x: l1 * Math.cos(shoulder) + l2 * Math.cos(forearmAngle) + l3 * Math.cos(handAngle),
    y: l1 * Math.sin(shoulder) + l2 * Math.sin(forearmAngle) + l3 * Math.sin(handAngle),
    headingRad: wrapAngleRad(handAngle),
  };
}

/**
 * Joint angles that put the paddle at `pose`, using the elbow-negative branch throughout so
 * consecutive solutions never jump between branches. Unreachable poses are approached as closely
 * as the arm allows, and every angle is clamped to its joint limit.
 */
export function jointsForPaddlePose(pose: PlanarPose): [number, number, number] {
  const wristX = pose.x - l3 * Math.cos(pose.headingRad);
  const wristY = pose.y - l3 * Math.sin(pose.headingRad);
  const reach = Math.min(
    Math.max(Math.hypot(wristX, wristY), Math.abs(l1 - l2) + reachMarginM),
    l1 + l2 - reachMarginM,
  );
  const cosElbow = (reach * reach - l1 * l1 - l2 * l2) / (2 * l1 * l2);
  const elbow = -Math.acos(Math.min(1, Math.max(-1, cosElbow)));
  const shoulder =
    Math.atan2(wristY, wristX) - Math.atan2(l2 * Math.sin(elbow), l1 + l2 * Math.cos(elbow));
  const wrist = wrapAngleRad(pose.headingRad - shoulder - elbow);
  return [clampJoint(0, shoulder), clampJoint(1, elbow), clampJoint(2, wrist)];
}

function clampJoint(index: 0 | 1 | 2, angleRad: number): number {
  return Math.min(armJointUpperRad[index], Math.max(armJointLowerRad[index], angleRad));
}

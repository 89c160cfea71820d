/**
 * Dimensions and joint layout of the six-joint tabletop arm with a parallel gripper. The scene
 * XML, the scene binding and the scripted experts all read these, so they cannot disagree.
 */

export const physicsTimestepS = 0.002;
export const tableTopHeightM = 0.4;
/** Table top extent around its centre, metres. */
export const tableCentre = { xM: 0.35, yM: 0, halfLengthXM: 0.45, halfWidthYM: 0.55 } as const;

export const armLinks = {
  /** From the table top to the shoulder axis. */
  baseHeightM: 0.1,
  upperArmLengthM: 0.3,
  forearmLengthM: 0.25,
  /** From the wrist-pitch axis to the gripper's palm. */
  wristLengthM: 0.06,
} as const;

export const gripper = {
  /** Palm to the grip point (the end-effector site), between the finger pads. */
  palmToGripPointM: 0.055,
  fingerLengthM: 0.05,
  fingerHalfThicknessM: 0.006,
  /** Each finger travels this far from the centre line; the full opening is twice it. */
  maxFingerTravelM: 0.04,
} as const;

export const armJointNames = [
  'base_yaw',
  'shoulder_pitch',
  'elbow_pitch',
  'forearm_roll',
  'wrist_pitch',
  'wrist_roll',
] as const;
export const armJointCount = armJointNames.length;

/** Joint (and servo control) limits in radians, in armJointNames order. */
export const armJointLowerRad = [-2.8, -0.6, -0.2, -2.8, -0.4, -3.1] as const;
export const armJointUpperRad = [2.8, 1.9, 2.7, 2.8, 2.8, 3.1] as const;

/** Servo stiffness (N·m/rad), joint damping (N·m·s/rad) and armature, per joint. */
export const armServoKp = [90, 140, 90, 25, 30, 12] as const;
export const armJointDamping = [10, 14, 8, 2, 2.5, 1] as const;
export const armJointArmature = [0.1, 0.1, 0.06, 0.02, 0.02, 0.01] as const;
export const armServoForceLimitNm = [40, 60, 40, 10, 12, 6] as const;

export const fingerServoKpNPerM = 400;
export const fingerForceLimitN = 12;

/** A pose with the gripper pointing straight down over the table; episodes start near it. */
export const homeJointPositionsRad = [0, 0.35, 1.55, 0, 1.24, 0] as const;

export const sceneNames = {
  endEffectorSite: 'grip_point',
  handBody: 'hand',
  armRootBody: 'arm_base',
  leftFingerJoint: 'finger_left',
  rightFingerJoint: 'finger_right',
  targetBody: 'target',
  cabinetBody: 'cabinet',
  drawerBody: 'drawer',
  drawerJoint: 'drawer_slide',
  drawerHandleSite: 'drawer_handle',
} as const;

export const cubeHalfSizeM = 0.02;
export const cubeMassKg = 0.1;

/** The normalised gripper command (0 closed, 1 open) that holds a given opening, metres. */
export function gripperCommandForOpening(openingM: number): number {
  return openingM / (2 * gripper.maxFingerTravelM);
}

/**
 * Dimensions and joint layout of the tabletop arm: a Franka-Panda-like seven-joint arm (the
 * published Panda kinematics and joint limits, primitive geoms) with a parallel gripper. The
 * scene XML, the scene binding and the scripted experts all read these, so they cannot disagree.
 */

export const physicsTimestepS = 0.002;
export const tableTopHeightM = 0.4;
/** Table top extent around its centre, metres. */
export const tableCentre = { xM: 0.25, yM: 0, halfLengthXM: 0.55, halfWidthYM: 0.55 } as const;

/** Where the arm's base (the Panda's link0 frame) stands on the table, world frame, metres. */
export const armBasePosition = [-0.2, 0, tableTopHeightM] as const;

/**
 * The Panda's link offsets (Craig's modified DH: d1 = 0.333, d3 = 0.316, a3 = 0.0825,
 * a4 = -0.0825, d5 = 0.384, a6 = 0.088, flange d = 0.107), metres.
 */
export const pandaLinks = {
  shoulderHeightM: 0.333,
  upperArmLengthM: 0.316,
  elbowOffsetM: 0.0825,
  forearmLengthM: 0.384,
  wristOffsetM: 0.088,
  flangeLengthM: 0.107,
} as const;

export const gripper = {
  /** The hand is turned this far about the flange's z axis, as the Panda's is. */
  handYawOnFlangeRad: -Math.PI / 4,
  /** Flange to the fingers' base, along the hand's +z. */
  flangeToFingerBaseM: 0.0584,
  /** Flange to the grip point (the end-effector site, the Panda's TCP), between the finger pads. */
  flangeToGripPointM: 0.1034,
  fingerLengthM: 0.054,
  fingerHalfThicknessM: 0.006,
  /** Each finger travels this far from the centre line; the full opening is twice it. */
  maxFingerTravelM: 0.04,
} as const;

/** How far the fingertips reach below the grip point, metres. */
export const gripPointToFingertipM =
  gripper.flangeToFingerBaseM + gripper.fingerLengthM - gripper.flangeToGripPointM;

export const armJointNames = [
  'joint1',
  'joint2',
  'joint3',
  'joint4',
  'joint5',
  'joint6',
  'joint7',
] as const;
export const armJointCount = armJointNames.length;

/** The Panda's joint limits in radians, in armJointNames order. */
export const armJointLowerRad = [
  -2.8973, -1.7628, -2.8973, -3.0718, -2.8973, -0.0175, -2.8973,
] as const;
export const armJointUpperRad = [2.8973, 1.7628, 2.8973, -0.0698, 2.8973, 3.7525, 2.8973] as const;
/** The Panda's joint speed limits, rad/s; joint-velocity actions are clamped to them. */
export const armJointMaxSpeedRadS = [2.175, 2.175, 2.175, 2.175, 2.61, 2.61, 2.61] as const;

/**
 * Servo stiffness (N·m/rad), joint damping (N·m·s/rad) and armature (kg·m²), per joint. Joint
 * damping is integrated implicitly by MuJoCo, so it can be large without going unstable; it is
 * about critical for the link inertias the joints carry in the workspace.
 */
export const armServoKp = [900, 1125, 675, 675, 190, 190, 60] as const;
export const armJointDamping = [104, 130, 78, 78, 22, 22, 7] as const;
export const armJointArmature = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1] as const;
/** The Panda's torque limits, N·m. */
export const armServoForceLimitNm = [87, 87, 87, 87, 12, 12, 12] as const;

/** Link masses (link1 to link7, then the hand), kg, as in MuJoCo Menagerie's panda. */
export const armLinkMassKg = [4.97, 0.646, 3.23, 3.59, 1.23, 1.67, 0.735, 0.73] as const;

export const fingerServoKpNPerM = 400;
export const fingerForceLimitN = 12;

/**
 * A pose with the gripper pointing straight down over the table, fingers closing along world y;
 * episodes start near it, and ee-delta steps drift towards it in the null space.
 */
export const homeJointPositionsRad = [0, 0.17, 0, -2.15, 0, 2.32, Math.PI / 4] as const;

export const sceneNames = {
  endEffectorSite: 'grip_point',
  /** The gripper's body: its frame's +z points from the palm to the fingertips. */
  handBody: 'hand',
  armRootBody: 'link0',
  /** At the Panda's flange (link7 plus 0.107 m), for checking the kinematics. */
  flangeSite: 'flange',
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

/**
 * The gripper command (DROID's convention: 0 fully open, 1 closed) that holds a given opening,
 * metres.
 */
export function gripperCommandForOpening(openingM: number): number {
  return 1 - openingM / (2 * gripper.maxFingerTravelM);
}

/**
 * How closed the gripper is, DROID's `gripper_position`: 0 fully open, 1 closed (fingers
 * touching), from the opening between the finger pads, metres.
 */
export function gripperPositionForOpening(openingM: number): number {
  return Math.min(1, Math.max(0, gripperCommandForOpening(openingM)));
}

/** The finger travel (each finger from the centre line, metres) a gripper command asks for. */
export function fingerTravelForCommand(command: number): number {
  return (1 - Math.min(1, Math.max(0, command))) * gripper.maxFingerTravelM;
}

/**
 * The arm's MJCF: the Franka Panda's kinematic chain as MuJoCo Menagerie's franka_emika_panda
 * models it (link frames, offsets, joint axes and limits), drawn with primitive geoms, and a
 * parallel gripper of two slide-joint fingers. Only the hand and fingers collide; the links are
 * visual (and massive, for the dynamics).
 */
import {
  armBasePosition,
  armJointArmature,
  armJointDamping,
  armJointLowerRad,
  armJointNames,
  armJointUpperRad,
  armLinkMassKg,
  armServoForceLimitNm,
  armServoKp,
  fingerForceLimitN,
  fingerServoKpNPerM,
  gripper,
  pandaLinks,
  physicsTimestepS,
  sceneNames,
} from './arm-geometry.ts';

export interface ArmXmlOptions {
  /** The attribute that gravity-compensates a body, or '' where MuJoCo is too old for it. */
  readonly gravcomp: string;
  readonly actuatorGainScale: number;
}

const fingerFriction = 0.1;
/*
 * Contacts in MuJoCo are soft, and their stiffness scales with the effective mass of what they
 * push: with light fingers the servos would squeeze straight through a thin handle. Armature
 * gives the fingers mass, and the shortest safe time constant (two physics steps) stiffens them.
 */
const fingerArmatureKg = 0.1;
const fingerContactTimeconstS = 2 * physicsTimestepS;

/** Menagerie's link-frame rotations: ±90° about the parent's x axis. */
const turnXPlus = 'quat="1 1 0 0"';
const turnXMinus = 'quat="1 -1 0 0"';
const linkRgba = 'rgba="0.92 0.92 0.94 1"';
const jointRgba = 'rgba="0.3 0.3 0.33 1"';

/** The arm's bodies, from link0 (on the table) to the hand and its fingers. */
export function pandaArmXml(options: ArmXmlOptions): string {
  const gc = options.gravcomp;
  const l = pandaLinks;
  const g = gripper;
  const mass = (link: number): number => armLinkMassKg[link] ?? 0;
  const joint = (index: number): string => {
    const name = armJointNames[index] ?? '';
    return `<joint name="${name}" axis="0 0 1" limited="true" range="${jointRange(index)}" damping="${armJointDamping[index]}" armature="${armJointArmature[index]}"/>`;
  };
  // A short drum around a joint's axis (local z), and a link's shell between two points.
  const drum = (radius: number, halfLength: number, massKg: number): string =>
    `<geom type="cylinder" size="${radius} ${halfLength}" mass="${massKg}" ${jointRgba}/>`;
  const shell = (from: string, to: string, radius: number, massKg: number): string =>
    `<geom type="capsule" fromto="${from} ${to}" size="${radius}" mass="${massKg}" ${linkRgba}/>`;
  const halfYaw = g.handYawOnFlangeRad / 2;
  const handQuat = `${Math.cos(halfYaw)} 0 0 ${Math.sin(halfYaw)}`;
  const finger = (side: 1 | -1): string => {
    const name = side === 1 ? sceneNames.leftFingerJoint : sceneNames.rightFingerJoint;
    return `<body name="${name}_link" pos="0 0 ${g.flangeToFingerBaseM}"${gc}>
                        <joint name="${name}" type="slide" axis="0 ${side} 0" limited="true" range="0 ${g.maxFingerTravelM}" damping="6" armature="${fingerArmatureKg}"/>
                        <geom type="box" pos="0 ${side * g.fingerHalfThicknessM} ${g.fingerLengthM / 2}" size="0.012 ${g.fingerHalfThicknessM} ${g.fingerLengthM / 2}" mass="0.03" rgba="0.25 0.25 0.28 1" contype="1" conaffinity="1" friction="${fingerFriction} 0.005 0.0001" solref="${fingerContactTimeconstS} 1"/>
                      </body>`;
  };
  return `<body name="${sceneNames.armRootBody}" pos="${armBasePosition.join(' ')}">
      <geom type="cylinder" pos="0 0 0.07" size="0.08 0.07" mass="0.63" ${linkRgba}/>
      <body name="link1" pos="0 0 ${l.shoulderHeightM}"${gc}>
        ${joint(0)}
        ${shell('0 0 -0.2', '0 0 -0.06', 0.06, mass(0) * 0.8)}
        <geom type="cylinder" fromto="0 -0.065 0 0 0.065 0" size="0.06" mass="${mass(0) * 0.2}" ${jointRgba}/>
        <body name="link2" ${turnXMinus}${gc}>
          ${joint(1)}
          ${shell('0 0 0', `0 ${-l.upperArmLengthM * 0.55} 0`, 0.055, mass(1))}
          <body name="link3" pos="0 ${-l.upperArmLengthM} 0" ${turnXPlus}${gc}>
            ${joint(2)}
            ${shell('0 0 -0.13', '0 0 -0.02', 0.055, mass(2) * 0.6)}
            ${shell('0 0 0', `${l.elbowOffsetM} 0 0`, 0.05, mass(2) * 0.4)}
            <body name="link4" pos="${l.elbowOffsetM} 0 0" ${turnXPlus}${gc}>
              ${joint(3)}
              ${drum(0.055, 0.06, mass(3) * 0.4)}
              ${shell('0 0 0', `${-l.elbowOffsetM} 0.11 0`, 0.05, mass(3) * 0.6)}
              <body name="link5" pos="${-l.elbowOffsetM} ${l.forearmLengthM} 0" ${turnXMinus}${gc}>
                ${joint(4)}
                ${shell('0 0 -0.27', '0 0 -0.05', 0.05, mass(4))}
                <body name="link6" ${turnXPlus}${gc}>
                  ${joint(5)}
                  ${drum(0.05, 0.05, mass(5) * 0.6)}
                  ${shell('0 0 0', `${l.wristOffsetM} 0 0`, 0.045, mass(5) * 0.4)}
                  <body name="link7" pos="${l.wristOffsetM} 0 0" ${turnXPlus}${gc}>
                    ${joint(6)}
                    <geom type="cylinder" fromto="0 0 -0.03 0 0 ${l.flangeLengthM}" size="0.045" mass="${mass(6)}" ${jointRgba}/>
                    <site name="${sceneNames.flangeSite}" pos="0 0 ${l.flangeLengthM}" size="0.004"/>
                    <body name="${sceneNames.handBody}" pos="0 0 ${l.flangeLengthM}" quat="${handQuat}"${gc}>
                      <geom type="box" pos="0 0 0.025" size="0.03 0.09 0.025" mass="${mass(7) * 0.8}" ${linkRgba}/>
                      <geom name="palm" type="box" pos="0 0 ${g.flangeToFingerBaseM - 0.008}" size="0.022 0.055 0.008" mass="${mass(7) * 0.2}" rgba="0.3 0.3 0.34 1" contype="1" conaffinity="1" friction="${fingerFriction} 0.005 0.0001"/>
                      <site name="${sceneNames.endEffectorSite}" pos="0 0 ${g.flangeToGripPointM}" size="0.004"/>
                      ${finger(1)}
                      ${finger(-1)}
                    </body>
                  </body>
                </body>
              </body>
            </body>
          </body>
        </body>
      </body>
    </body>`;
}

/** Position servos on the seven joints, then the two fingers'. */
export function pandaActuatorXml(options: ArmXmlOptions): string {
  const gain = options.actuatorGainScale;
  const g = gripper;
  const servos = armJointNames.map((name, index) => {
    const kp = (armServoKp[index] ?? 0) * gain;
    const force = armServoForceLimitNm[index] ?? 0;
    return `<position name="${name}_servo" joint="${name}" kp="${kp}" ctrllimited="true" ctrlrange="${jointRange(index)}" forcelimited="true" forcerange="${-force} ${force}"/>`;
  });
  const fingerKp = fingerServoKpNPerM * gain;
  const fingerServo = (joint: string): string =>
    `<position name="${joint}_servo" joint="${joint}" kp="${fingerKp}" ctrllimited="true" ctrlrange="0 ${g.maxFingerTravelM}" forcelimited="true" forcerange="${-fingerForceLimitN} ${fingerForceLimitN}"/>`;
  return [
    ...servos,
    fingerServo(sceneNames.leftFingerJoint),
    fingerServo(sceneNames.rightFingerJoint),
  ].join('\n    ');
}

/** The fingers never collide with each other (they would only on a closed, empty grasp). */
export const fingerContactExclusion = `<exclude body1="${sceneNames.leftFingerJoint}_link" body2="${sceneNames.rightFingerJoint}_link"/>`;

function jointRange(index: number): string {
  return `${armJointLowerRad[index]} ${armJointUpperRad[index]}`;
}

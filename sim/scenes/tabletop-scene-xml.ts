/**
 * MJCF for the tabletop scene family: a table, a six-joint arm with a parallel gripper, the
 * task's objects, optional distractors and an optional cabinet with a drawer. Physical and
 * visual perturbations are baked into the XML, so the compiled model (and the replay's geom list
 * taken from it) is exactly what ran.
 *
 * Only the arm's links are gravity-compensated (a real arm's controller does the same); nothing
 * else here is newer than MuJoCo 2.2, so `nativeCompatible` only drops that one attribute.
 */
import type { ResolvedPerturbation } from '../perturbations/perturbation.ts';
import {
  armJointArmature,
  armJointDamping,
  armJointLowerRad,
  armJointNames,
  armJointUpperRad,
  armLinks,
  armServoForceLimitNm,
  armServoKp,
  fingerForceLimitN,
  fingerServoKpNPerM,
  gripper,
  physicsTimestepS,
  sceneNames,
  tableCentre,
  tableTopHeightM,
} from './arm-geometry.ts';
import { rgbaAttribute, shiftHue } from './colour.ts';
import { drawerXml } from './drawer-xml.ts';
// The named cameras policies see through (scene-cameras.ts) are added last.
import { withSceneCameras } from './scene-cameras.ts';
import {
  distractorMassKg,
  distractorName,
  distractorPalette,
  distractorRadiusM,
  type SceneLayout,
  type SceneObject,
} from './scene-layout.ts';

export interface SceneXmlOptions {
  /** Leave out what MuJoCo 2.2 (Debian's libmujoco) rejects, for the native benchmark. */
  nativeCompatible?: boolean;
}

/** Table and fingers have low friction, so the object's own coefficient decides contacts. */
const tableFriction = 0.4;
const fingerFriction = 0.1;
const degree = Math.PI / 180;
/*
 * Contacts in MuJoCo are soft, and their stiffness scales with the effective mass of what they
 * push: with light fingers the servos would squeeze straight through a thin handle. Armature
 * gives the fingers mass, and the shortest safe time constant (two physics steps) stiffens them.
 */
const fingerArmatureKg = 0.1;
const fingerContactTimeconstS = 2 * physicsTimestepS;

export function tabletopSceneXml(
  layout: SceneLayout,
  perturbation: ResolvedPerturbation,
  options: SceneXmlOptions = {},
): string {
  const p = perturbation;
  const gravcomp = options.nativeCompatible ? '' : ' gravcomp="1"';
  const objectRgba = (object: { rgb: SceneObject['rgb'] }): string =>
    rgbaAttribute(shiftHue(object.rgb, p.objectHueShiftDeg));
  const friction = `${p.objectFriction} 0.005 0.0001`;
  const objects = layout.objects.map((object, index) =>
    freeObjectXml(object, objectRgba(object), friction, p.objectMassScale, index),
  );
  const distractors = Array.from({ length: p.distractorCount }, (_, index) =>
    freeObjectXml(
      {
        name: distractorName(index),
        // Boxes, not cylinders: box-box contacts have a dedicated, fast collider.
        shape: 'box',
        halfSizeM: distractorRadiusM,
        rgb: distractorPalette[index % distractorPalette.length] ?? [0.5, 0.5, 0.5],
        massKg: distractorMassKg,
      },
      objectRgba({ rgb: distractorPalette[index % distractorPalette.length] ?? [0.5, 0.5, 0.5] }),
      friction,
      p.objectMassScale,
      layout.objects.length + index,
    ),
  );
  const target =
    layout.target === 'disc'
      ? `<geom type="cylinder" size="0.03 0.0008" rgba="0.1 0.8 0.2 0.6"/>`
      : layout.target === 'sphere'
        ? `<geom type="sphere" size="0.012" rgba="0.1 0.8 0.2 0.6"/>`
        : '';
  const elevation = p.lightElevationDeg * degree;
  const azimuth = p.lightAzimuthDeg * degree;
  const lightDir = [
    -Math.cos(elevation) * Math.cos(azimuth),
    -Math.cos(elevation) * Math.sin(azimuth),
    -Math.sin(elevation),
  ];
  const lightPos = [tableCentre.xM - 2 * (lightDir[0] ?? 0), -2 * (lightDir[1] ?? 0), 2.4];
  const servo = (index: number): string => {
    const name = armJointNames[index] ?? '';
    const kp = (armServoKp[index] ?? 0) * p.actuatorGainScale;
    const force = armServoForceLimitNm[index] ?? 0;
    return `<position name="${name}_servo" joint="${name}" kp="${kp}" ctrllimited="true" ctrlrange="${jointRange(index)}" forcelimited="true" forcerange="${-force} ${force}"/>`;
  };
  const joint = (index: number, axis: string): string => {
    const name = armJointNames[index] ?? '';
    return `<joint name="${name}" axis="${axis}" limited="true" range="${jointRange(index)}" damping="${armJointDamping[index]}" armature="${armJointArmature[index]}"/>`;
  };
  const fingerKp = fingerServoKpNPerM * p.actuatorGainScale;
  const l = armLinks;
  const g = gripper;
  const fingerGeom = (side: 1 | -1): string =>
    `<geom type="box" pos="0 ${side * g.fingerHalfThicknessM} ${g.fingerLengthM / 2}" size="0.012 ${g.fingerHalfThicknessM} ${g.fingerLengthM / 2}" mass="0.03" rgba="0.25 0.25 0.28 1" contype="1" conaffinity="1" friction="${fingerFriction} 0.005 0.0001" solref="${fingerContactTimeconstS} 1"/>`;
  return withSceneCameras(`
<mujoco model="tabletop-arm">
  <compiler angle="radian"/>
  <option timestep="${physicsTimestepS}"/>
  <visual><global offwidth="640" offheight="480"/></visual>
  <default>
    <geom contype="0" conaffinity="0" rgba="0.72 0.74 0.78 1"/>
  </default>
  <worldbody>
    <light name="key" pos="${lightPos.map((v) => v.toFixed(4)).join(' ')}" dir="${lightDir.map((v) => v.toFixed(4)).join(' ')}" diffuse="${p.lightIntensity} ${p.lightIntensity} ${p.lightIntensity}" directional="true"/>
    <geom name="floor" type="plane" size="3 3 0.05" rgba="${rgbaAttribute(p.floorRgb)}" contype="1" conaffinity="1"/>
    <geom name="table" type="box" pos="${tableCentre.xM} ${tableCentre.yM} ${tableTopHeightM / 2}" size="${tableCentre.halfLengthXM} ${tableCentre.halfWidthYM} ${tableTopHeightM / 2}" rgba="${rgbaAttribute(p.tableRgb)}" contype="1" conaffinity="1" friction="${tableFriction} 0.005 0.0001"/>
    <body name="${sceneNames.armRootBody}" pos="0 0 ${tableTopHeightM}"${gravcomp}>
      ${joint(0, '0 0 1')}
      <geom type="cylinder" pos="0 0 ${l.baseHeightM / 2}" size="0.055 ${l.baseHeightM / 2}" mass="1.5"/>
      <body name="upper_arm" pos="0 0 ${l.baseHeightM}"${gravcomp}>
        ${joint(1, '0 1 0')}
        <geom type="capsule" fromto="0 0 0 0 0 ${l.upperArmLengthM}" size="0.032" mass="1.0"/>
        <body name="forearm" pos="0 0 ${l.upperArmLengthM}"${gravcomp}>
          ${joint(2, '0 1 0')}
          <geom type="capsule" fromto="0 0 0 0 0 0.12" size="0.028" mass="0.35"/>
          <body name="forearm_distal" pos="0 0 0.12"${gravcomp}>
            ${joint(3, '0 0 1')}
            <geom type="capsule" fromto="0 0 0 0 0 ${l.forearmLengthM - 0.12}" size="0.025" mass="0.3"/>
            <body name="wrist" pos="0 0 ${l.forearmLengthM - 0.12}"${gravcomp}>
              ${joint(4, '0 1 0')}
              <geom type="capsule" fromto="0 0 0 0 0 ${l.wristLengthM}" size="0.022" mass="0.25"/>
              <body name="${sceneNames.handBody}" pos="0 0 ${l.wristLengthM}"${gravcomp}>
                ${joint(5, '0 0 1')}
                <geom name="palm" type="box" pos="0 0 0.01" size="0.022 0.055 0.01" mass="0.2" rgba="0.3 0.3 0.34 1" contype="1" conaffinity="1" friction="${fingerFriction} 0.005 0.0001"/>
                <site name="${sceneNames.endEffectorSite}" pos="0 0 ${g.palmToGripPointM}" size="0.004"/>
                <body name="finger_left_link" pos="0 0 0.02"${gravcomp}>
                  <joint name="${sceneNames.leftFingerJoint}" type="slide" axis="0 1 0" limited="true" range="0 ${g.maxFingerTravelM}" damping="6" armature="${fingerArmatureKg}"/>
                  ${fingerGeom(1)}
                </body>
                <body name="finger_right_link" pos="0 0 0.02"${gravcomp}>
                  <joint name="${sceneNames.rightFingerJoint}" type="slide" axis="0 -1 0" limited="true" range="0 ${g.maxFingerTravelM}" damping="6" armature="${fingerArmatureKg}"/>
                  ${fingerGeom(-1)}
                </body>
              </body>
            </body>
          </body>
        </body>
      </body>
    </body>
    ${objects.join('\n    ')}
    ${distractors.join('\n    ')}
    ${layout.drawer ? drawerXml(friction, p.objectMassScale) : ''}
    <body name="${sceneNames.targetBody}" mocap="true" pos="0.4 0 ${tableTopHeightM}">
      ${target}
    </body>
  </worldbody>
  <contact><exclude body1="finger_left_link" body2="finger_right_link"/></contact>
  <actuator>
    ${armJointNames.map((_, index) => servo(index)).join('\n    ')}
    <position name="finger_left_servo" joint="${sceneNames.leftFingerJoint}" kp="${fingerKp}" ctrllimited="true" ctrlrange="0 ${g.maxFingerTravelM}" forcelimited="true" forcerange="${-fingerForceLimitN} ${fingerForceLimitN}"/>
    <position name="finger_right_servo" joint="${sceneNames.rightFingerJoint}" kp="${fingerKp}" ctrllimited="true" ctrlrange="0 ${g.maxFingerTravelM}" forcelimited="true" forcerange="${-fingerForceLimitN} ${fingerForceLimitN}"/>
  </actuator>
</mujoco>
`);
}

function jointRange(index: number): string {
  return `${armJointLowerRad[index]} ${armJointUpperRad[index]}`;
}

/** Free objects start parked off the table, each apart; the task's initial state places them. */
function freeObjectXml(
  object: SceneObject,
  rgba: string,
  friction: string,
  massScale: number,
  slot: number,
): string {
  const size =
    object.shape === 'box'
      ? `${object.halfSizeM} ${object.halfSizeM} ${object.halfSizeM}`
      : `${object.halfSizeM} ${object.halfSizeM}`;
  return `<body name="${object.name}" pos="${1.2 + 0.2 * slot} 1.2 0.1">
      <freejoint name="${object.name}_free"/>
      <geom type="${object.shape}" size="${size}" mass="${object.massKg * massScale}" rgba="${rgba}" contype="1" conaffinity="1" friction="${friction}"/>
    </body>`;
}

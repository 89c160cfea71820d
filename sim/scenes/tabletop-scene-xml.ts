/**
 * MJCF for the tabletop scene family: a table, a seven-joint arm with a parallel gripper, the
 * task's objects, optional distractors and an optional cabinet with a drawer. Physical and
 * visual perturbations are baked into the XML, so the compiled model (and the replay's geom list
 * taken from it) is exactly what ran.
 *
 * Only the arm's links are gravity-compensated (a real arm's controller does the same); nothing
 * else here is newer than MuJoCo 2.2, so `nativeCompatible` only drops that one attribute.
 */
import type { ResolvedPerturbation } from '../perturbations/perturbation.ts';
import { physicsTimestepS, sceneNames, tableCentre, tableTopHeightM } from './arm-geometry.ts';
import { fingerContactExclusion, pandaActuatorXml, pandaArmXml } from './panda-arm-xml.ts';
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

/** The table has low friction, so the object's own coefficient decides contacts. */
const tableFriction = 0.4;
const degree = Math.PI / 180;

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
  const arm = { gravcomp, actuatorGainScale: p.actuatorGainScale };
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
    ${pandaArmXml(arm)}
    ${objects.join('\n    ')}
    ${distractors.join('\n    ')}
    ${layout.drawer ? drawerXml(friction, p.objectMassScale) : ''}
    <body name="${sceneNames.targetBody}" mocap="true" pos="0.4 0 ${tableTopHeightM}">
      ${target}
    </body>
  </worldbody>
  <contact>${fingerContactExclusion}</contact>
  <actuator>
    ${pandaActuatorXml(arm)}
  </actuator>
</mujoco>
`);
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

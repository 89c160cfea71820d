/**
 * The scene's named cameras, DROID's three views: two exterior cameras on either side of the
 * judging page's default viewpoint and one on the gripper. They are MJCF `<camera>` elements, so
 * MuJoCo moves the wrist camera with the hand and `cam_xpos`/`cam_xmat` give every pose.
 */
import type { Vec3 } from '../observation.ts';
import {
  aimAboveTableM,
  defaultFieldOfViewDeg,
  defaultViewDirection,
  viewDistanceInRadii,
} from '../render/scene-look.ts';
import { sceneNames, tableCentre, tableTopHeightM } from './arm-geometry.ts';

export const sceneCameraNames = {
  exterior1: 'exterior_1',
  exterior2: 'exterior_2',
  wrist: 'wrist',
} as const;
export type SceneCameraName = (typeof sceneCameraNames)[keyof typeof sceneCameraNames];

/** A wide lens, as wrist cameras have, so the fingers and what they reach for both show. */
const wristFieldOfViewDeg = 70;
/**
 * In the hand's frame (+z from the palm to the fingertips, fingers opening along y): beside the
 * hand's housing (which reaches 0.03 m off the finger plane and 0.05 m down from the flange),
 * level with its lower face so the housing stays out of view, looking along the fingers and
 * tilted towards their tips, as DROID's wrist camera sits on the Panda's hand.
 */
const wristCameraOffsetM: Vec3 = [0.08, 0, 0.05];
const wristCameraTiltRad = Math.atan2(0.08, 0.2);

export class SceneCameraError extends Error {
  override name = 'SceneCameraError';
}

/** Adds the exterior cameras to the world body and the wrist camera to the hand body. */
export function withSceneCameras(xml: string): string {
  const worldbody = '<worldbody>';
  const hand = new RegExp(`<body name="${sceneNames.handBody}"[^>]*>`);
  if (!xml.includes(worldbody)) throw new SceneCameraError('the scene has no <worldbody>');
  if (!hand.test(xml)) {
    throw new SceneCameraError(
      `the scene has no body "${sceneNames.handBody}" for the wrist camera`,
    );
  }
  const [x1, y1, z1] = defaultViewDirection;
  const exterior = [
    exteriorCameraXml(sceneCameraNames.exterior1, [x1, y1, z1]),
    exteriorCameraXml(sceneCameraNames.exterior2, [x1, -y1, z1]),
  ];
  return xml
    .replace(worldbody, `${worldbody}\n    ${exterior.join('\n    ')}`)
    .replace(hand, (opening) => `${opening}\n${wristCameraXml()}`);
}

/** The judging page frames the table top from `direction` at this aim point and distance. */
function exteriorCameraXml(name: string, direction: Vec3): string {
  const aim: Vec3 = [tableCentre.xM, tableCentre.yM, tableTopHeightM + aimAboveTableM];
  const tableRadiusM = Math.hypot(
    tableCentre.halfLengthXM,
    tableCentre.halfWidthYM,
    tableTopHeightM / 2,
  );
  const unit = normalise(direction);
  const position = aim.map(
    (value, axis) => value + (unit[axis] ?? 0) * tableRadiusM * viewDistanceInRadii,
  );
  const forward = normalise([
    aim[0] - (position[0] ?? 0),
    aim[1] - (position[1] ?? 0),
    aim[2] - (position[2] ?? 0),
  ]);
  // MuJoCo cameras look along their -z with +y up: x = forward × world up, y = x × forward.
  const right = normalise(cross(forward, [0, 0, 1]));
  const up = cross(right, forward);
  return `<camera name="${name}" pos="${format(position)}" xyaxes="${format([...right, ...up])}" fovy="${defaultFieldOfViewDeg}"/>`;
}

function wristCameraXml(): string {
  const c = Math.cos(wristCameraTiltRad);
  const s = Math.sin(wristCameraTiltRad);
  // Image x along the finger axis (y); looking along +z tilted towards -x; image up is +x.
  return `<camera name="${sceneCameraNames.wrist}" pos="${format(wristCameraOffsetM)}" xyaxes="0 1 0 ${format([c, 0, s])}" fovy="${wristFieldOfViewDeg}"/>`;
}

function normalise(v: readonly number[]): Vec3 {
  const length = Math.hypot(...v);
  return [(v[0] ?? 0) / length, (v[1] ?? 0) / length, (v[2] ?? 0) / length];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function format(values: readonly number[]): string {
  return values.map((value) => value.toFixed(6)).join(' ');
}

// The DROID observation layout: what openpi's DROID policies (pi0, pi0-FAST on DROID) and the
// RoboArena client exchange. Three camera images as uint8 (H, W, 3) arrays, the arm's joint
// positions, the gripper position with DROID's convention (0 open, 1 closed) and the prompt.
import {
  gripperClosure,
  sceneCameraNames,
  type CameraRequest,
  type Observation,
} from '../sim/index.ts';
import { ndarrayFromValues } from './msgpack-numpy.ts';
import type { OpenpiMap } from './openpi-map.ts';
import { rgbNdArray } from './rgb-ndarray.ts';

export const droidKeys = {
  exteriorImage1: 'observation/exterior_image_1_left',
  exteriorImage2: 'observation/exterior_image_2_left',
  wristImage: 'observation/wrist_image_left',
  jointPosition: 'observation/joint_position',
  gripperPosition: 'observation/gripper_position',
  prompt: 'prompt',
} as const;

/** The image keys in the order their cameras are listed in a DROID camera request. */
export const droidImageKeys = [
  droidKeys.exteriorImage1,
  droidKeys.exteriorImage2,
  droidKeys.wristImage,
] as const;

/** The scene cameras that feed the three image keys by default, at 224 × 224. */
export const droidDefaultCameras: readonly string[] = [
  sceneCameraNames.exterior1,
  sceneCameraNames.exterior2,
  sceneCameraNames.wrist,
];

export class DroidObservationError extends Error {
  override name = 'DroidObservationError';
}

/** The observation map a DROID policy receives; `cameras` names the scene camera per image key. */
export function droidObservationMap(observation: Observation, cameras: CameraRequest): OpenpiMap {
  const map: OpenpiMap = {};
  droidImageKeys.forEach((key, index) => {
    const camera = cameras.cameras[index] ?? '';
    const image = observation.images?.[camera];
    if (image === undefined) {
      throw new DroidObservationError(`the observation has no image from camera "${camera}"`);
    }
    map[key] = rgbNdArray(image);
  });
  map[droidKeys.jointPosition] = ndarrayFromValues(observation.jointPositionsRad, '<f4');
  map[droidKeys.gripperPosition] = ndarrayFromValues(
    [gripperClosure(observation.gripperOpeningM)],
    '<f4',
  );
  map[droidKeys.prompt] = observation.instruction;
  return map;
}

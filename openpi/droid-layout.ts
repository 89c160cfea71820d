// The DROID layout: the observation keys openpi's DROID policies (pi0-FAST-DROID, pi0-DROID) and
// the RoboArena client send, in terms of the simulator's Observation. Images are uint8 arrays of
// shape (H, W, 3), proprioception float32, the gripper in DROID's convention (0 open, 1 closed).
import { sceneCameraNames } from '../sim/index.ts';

export const droidKeys = {
  exteriorImage1: 'observation/exterior_image_1_left',
  exteriorImage2: 'observation/exterior_image_2_left',
  wristImage: 'observation/wrist_image_left',
  jointPosition: 'observation/joint_position',
  gripperPosition: 'observation/gripper_position',
  prompt: 'prompt',
} as const;

/** Each DROID key and the Observation field (a dotted path) it carries. */
export const droidObservationLayout: Readonly<Record<string, string>> = {
  [droidKeys.exteriorImage1]: `images.${sceneCameraNames.exterior1}`,
  [droidKeys.exteriorImage2]: `images.${sceneCameraNames.exterior2}`,
  [droidKeys.wristImage]: `images.${sceneCameraNames.wrist}`,
  [droidKeys.jointPosition]: 'jointPositionsRad',
  [droidKeys.gripperPosition]: 'gripperPosition',
  [droidKeys.prompt]: 'instruction',
};

import type { ActionBounds } from '../observation.ts';
import { armJointLowerRad, armJointUpperRad } from '../scenes/arm-geometry.ts';
import type { SceneObject } from '../scenes/scene-layout.ts';
import { cubeHalfSizeM, cubeMassKg } from '../scenes/arm-geometry.ts';

/** Every task is controlled at 25 Hz over 500 Hz physics. */
export const controlHz = 25;

export const armActionBounds: ActionBounds = {
  lowerRad: armJointLowerRad,
  upperRad: armJointUpperRad,
};

export function cube(name: string, rgb: SceneObject['rgb']): SceneObject {
  return { name, shape: 'box', halfSizeM: cubeHalfSizeM, rgb, massKg: cubeMassKg };
}

export const red: SceneObject['rgb'] = [0.85, 0.12, 0.1];
export const blue: SceneObject['rgb'] = [0.15, 0.3, 0.85];

/** A released gripper is open wider than a cube, metres. */
export const releasedOpeningM = 2 * cubeHalfSizeM + 0.006;

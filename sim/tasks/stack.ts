import type { Vec3, WorldSnapshot } from '../observation.ts';
import { cubeHalfSizeM, physicsTimestepS, tableTopHeightM } from '../scenes/arm-geometry.ts';
import {
  onTable,
  placeDistractors,
  sampleArmStart,
  samplePoint,
  sampleYawRad,
  taskRandom,
  type SpawnRegion,
} from './initial-state-sampling.ts';
import { armActionBounds, blue, controlHz, cube, red, releasedOpeningM } from './task-constants.ts';
import type { TaskDefinition } from './task-definition.ts';
import {
  closedFraction,
  distanceM,
  objectPosition,
  objectSpeedMS,
  planarDistanceM,
} from './world-geometry.ts';

const name = 'stack';
const region: SpawnRegion = { centreX: 0.37, centreY: 0, halfX: 0.07, halfY: 0.14 };
const minimumCubeSeparationM = 0.1;
export const stackToleranceM = 0.015;
const restingCubeSpeedMS = 0.03;
const episodeDurationS = 6;
const reachShare = 0.2;
const progressCapWithoutSuccess = 0.95;

/** Where the top cube's centre belongs: one cube height above the base cube's centre. */
function stackPoint(world: WorldSnapshot): Vec3 {
  const base = objectPosition(world, 'base_cube', name);
  return [base[0], base[1], base[2] + 2 * cubeHalfSizeM];
}

function isSuccess(world: WorldSnapshot): boolean {
  const top = objectPosition(world, 'top_cube', name);
  const base = objectPosition(world, 'base_cube', name);
  const goal = stackPoint(world);
  return (
    planarDistanceM(top, goal) <= stackToleranceM &&
    Math.abs(top[2] - goal[2]) <= 0.006 &&
    base[2] < tableTopHeightM + cubeHalfSizeM + 0.005 &&
    objectSpeedMS(world, 'top_cube') < restingCubeSpeedMS &&
    world.gripperOpeningM > releasedOpeningM
  );
}

export const stackTask: TaskDefinition = {
  name,
  instruction: 'stack the red cube on top of the blue cube',
  layout: {
    objects: [cube('top_cube', red), cube('base_cube', blue)],
    target: 'none',
    drawer: false,
  },
  physicsTimestepS,
  controlHz,
  timeLimitSteps: episodeDurationS * controlHz,
  actionBounds: armActionBounds,
  sampleInitialState(seed, perturbation) {
    const random = taskRandom(seed, name);
    const top = samplePoint(random, region, perturbation);
    let base = samplePoint(random, region, perturbation);
    // Rejection keeps the stream seeded; a collapsed region (spread 0) keeps the last draw apart.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (Math.hypot(base[0] - top[0], base[1] - top[1]) >= minimumCubeSeparationM) break;
      base = samplePoint(random, region, perturbation);
    }
    if (Math.hypot(base[0] - top[0], base[1] - top[1]) < minimumCubeSeparationM) {
      base = [top[0], top[1] + (top[1] > 0 ? -1 : 1) * minimumCubeSeparationM];
    }
    const basePosition = onTable(base[0], base[1], cubeHalfSizeM);
    return {
      armJointPositionsRad: sampleArmStart(random),
      gripperOpeningM: 0,
      objects: {
        top_cube: {
          position: onTable(top[0], top[1], cubeHalfSizeM),
          yawRad: sampleYawRad(random, perturbation),
        },
        base_cube: { position: basePosition, yawRad: sampleYawRad(random, perturbation) },
        ...placeDistractors(seed, name, perturbation.distractorCount, [top, base]),
      },
      // No marker is drawn; the target records where the top cube was meant to go.
      targetPosition: [base[0], base[1], basePosition[2] + 2 * cubeHalfSizeM],
    };
  },
  isSuccess,
  progress(world, initialWorld) {
    if (isSuccess(world)) return 1;
    const reachGap = (w: WorldSnapshot): number =>
      distanceM(w.endEffectorPosition, objectPosition(w, 'top_cube', name));
    const stackGap = (w: WorldSnapshot): number =>
      distanceM(objectPosition(w, 'top_cube', name), stackPoint(w)) - stackToleranceM;
    const reached = closedFraction(reachGap(world), reachGap(initialWorld));
    const stacked = closedFraction(stackGap(world), stackGap(initialWorld));
    return Math.min(
      progressCapWithoutSuccess,
      reachShare * Math.max(reached, stacked) + (1 - reachShare) * stacked,
    );
  },
};

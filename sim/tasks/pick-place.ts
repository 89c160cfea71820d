import type { WorldSnapshot } from '../observation.ts';
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
import { armActionBounds, controlHz, cube, red, releasedOpeningM } from './task-constants.ts';
import type { TaskDefinition } from './task-definition.ts';
import {
  closedFraction,
  distanceM,
  objectPosition,
  objectSpeedMS,
  planarDistanceM,
} from './world-geometry.ts';

const name = 'pick-place';
const cubeRegion: SpawnRegion = { centreX: 0.36, centreY: 0, halfX: 0.06, halfY: 0.12 };
const targetDistanceM = { min: 0.12, max: 0.2 } as const;
/** Targets stay inside this region whatever the cube's position, metres. */
const targetBounds = { minX: 0.28, maxX: 0.46, maxAbsY: 0.18 } as const;
export const placeSuccessRadiusM = 0.025;
const restingCubeSpeedMS = 0.03;
const episodeDurationS = 6;
/** Reaching the cube is worth this share of progress; carrying it to the target the rest. */
const reachShare = 0.2;
/** Without success progress stays below 1, so a cube still in the hand never scores 1. */
const progressCapWithoutSuccess = 0.95;

function isSuccess(world: WorldSnapshot): boolean {
  const cubeAt = objectPosition(world, 'cube', name);
  return (
    planarDistanceM(cubeAt, world.targetPosition) <= placeSuccessRadiusM &&
    cubeAt[2] < tableTopHeightM + cubeHalfSizeM + 0.005 &&
    objectSpeedMS(world, 'cube') < restingCubeSpeedMS &&
    world.gripperOpeningM > releasedOpeningM
  );
}

export const pickPlaceTask: TaskDefinition = {
  name,
  instruction: 'pick up the red cube and place it on the green target',
  layout: { objects: [cube('cube', red)], target: 'disc', drawer: false },
  physicsTimestepS,
  controlHz,
  timeLimitSteps: episodeDurationS * controlHz,
  actionBounds: armActionBounds,
  sampleInitialState(seed, perturbation) {
    const random = taskRandom(seed, name);
    const [cubeX, cubeY] = samplePoint(random, cubeRegion, perturbation);
    const cubeYawRad = sampleYawRad(random, perturbation);
    // The direction is redrawn until the target lies in bounds; the stream stays seeded.
    let targetX = cubeX;
    let targetY = cubeY;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const bearing = random.uniform(-Math.PI, Math.PI);
      const distance = random.uniform(targetDistanceM.min, targetDistanceM.max);
      targetX = cubeX + distance * Math.cos(bearing);
      targetY = cubeY + distance * Math.sin(bearing);
      const inBounds =
        targetX >= targetBounds.minX &&
        targetX <= targetBounds.maxX &&
        Math.abs(targetY) <= targetBounds.maxAbsY;
      if (inBounds) break;
    }
    return {
      armJointPositionsRad: sampleArmStart(random),
      gripperOpeningM: 0,
      objects: {
        cube: { position: onTable(cubeX, cubeY, cubeHalfSizeM), yawRad: cubeYawRad },
        ...placeDistractors(seed, name, perturbation.distractorCount, [
          [cubeX, cubeY],
          [targetX, targetY],
        ]),
      },
      targetPosition: [targetX, targetY, tableTopHeightM],
    };
  },
  isSuccess,
  progress(world, initialWorld) {
    if (isSuccess(world)) return 1;
    const reachGap = (w: WorldSnapshot): number =>
      distanceM(w.endEffectorPosition, objectPosition(w, 'cube', name));
    const placeGap = (w: WorldSnapshot): number =>
      planarDistanceM(objectPosition(w, 'cube', name), w.targetPosition) - placeSuccessRadiusM;
    const reached = closedFraction(reachGap(world), reachGap(initialWorld));
    const placed = closedFraction(placeGap(world), placeGap(initialWorld));
    return Math.min(
      progressCapWithoutSuccess,
      reachShare * Math.max(reached, placed) + (1 - reachShare) * placed,
    );
  },
};

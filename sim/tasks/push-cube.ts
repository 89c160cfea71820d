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
import { armActionBounds, controlHz, cube, red } from './task-constants.ts';
import type { TaskDefinition } from './task-definition.ts';
import {
  closedFraction,
  objectPosition,
  objectSpeedMS,
  planarDistanceM,
} from './world-geometry.ts';

const name = 'push-cube';
const degree = Math.PI / 180;
const cubeRegion: SpawnRegion = { centreX: 0.34, centreY: 0, halfX: 0.04, halfY: 0.1 };
/** The target lies this far from the cube, roughly away from the arm, so it is pushable. */
const targetDistanceM = { min: 0.09, max: 0.13 } as const;
const targetBearingSpreadRad = 40 * degree;
/** The cube counts as on the target when its centre is this close, in the table plane. */
export const pushSuccessRadiusM = 0.02;
/** Success needs the cube at rest: a cube flung across the target does not count. */
const restingCubeSpeedMS = 0.02;
/** Below this height the cube has left the table top, which can never be success. */
const fallenCubeHeightM = tableTopHeightM + cubeHalfSizeM / 2;
const episodeDurationS = 5;

function isSuccess(world: WorldSnapshot): boolean {
  const cubeAt = objectPosition(world, 'cube', name);
  return (
    cubeAt[2] > fallenCubeHeightM &&
    cubeAt[2] < tableTopHeightM + 2 * cubeHalfSizeM &&
    objectSpeedMS(world, 'cube') < restingCubeSpeedMS &&
    planarDistanceM(cubeAt, world.targetPosition) <= pushSuccessRadiusM
  );
}

export const pushCubeTask: TaskDefinition = {
  name,
  instruction: 'push the red cube onto the green target',
  layout: { objects: [cube('cube', red)], target: 'disc', drawer: false },
  physicsTimestepS,
  controlHz,
  timeLimitSteps: episodeDurationS * controlHz,
  actionBounds: armActionBounds,
  sampleInitialState(seed, perturbation) {
    const random = taskRandom(seed, name);
    const [cubeX, cubeY] = samplePoint(random, cubeRegion, perturbation);
    const cubeYawRad = sampleYawRad(random, perturbation);
    const bearing =
      Math.atan2(cubeY, cubeX) + random.uniform(-targetBearingSpreadRad, targetBearingSpreadRad);
    const distance = random.uniform(targetDistanceM.min, targetDistanceM.max);
    const targetX = cubeX + distance * Math.cos(bearing);
    const targetY = cubeY + distance * Math.sin(bearing);
    return {
      armJointPositionsRad: sampleArmStart(random),
      gripperOpeningM: 0,
      objects: {
        cube: { position: onTable(cubeX, cubeY, cubeHalfSizeM), yawRad: cubeYawRad },
        ...placeDistractors(seed, name, perturbation.distractorCount, [
          [cubeX, cubeY],
          [targetX, targetY],
          [(cubeX + targetX) / 2, (cubeY + targetY) / 2],
        ]),
      },
      targetPosition: [targetX, targetY, tableTopHeightM],
    };
  },
  isSuccess,
  progress(world, initialWorld) {
    if (isSuccess(world)) return 1;
    // Distances are measured beyond the success radius, so reaching it is exactly progress 1.
    const gap = (w: WorldSnapshot): number =>
      planarDistanceM(objectPosition(w, 'cube', name), w.targetPosition) - pushSuccessRadiusM;
    return closedFraction(gap(world), gap(initialWorld));
  },
};

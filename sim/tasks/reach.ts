import type { WorldSnapshot } from '../observation.ts';
import { physicsTimestepS, tableTopHeightM } from '../scenes/arm-geometry.ts';
import {
  placeDistractors,
  sampleArmStart,
  samplePoint,
  taskRandom,
  type SpawnRegion,
} from './initial-state-sampling.ts';
import { armActionBounds, controlHz } from './task-constants.ts';
import type { TaskDefinition } from './task-definition.ts';
import { closedFraction, distanceM, jointSpeedRadS } from './world-geometry.ts';

const name = 'reach';
const targetRegion: SpawnRegion = { centreX: 0.39, centreY: 0, halfX: 0.09, halfY: 0.16 };
const targetHeightAboveTableM = { min: 0.06, max: 0.2 } as const;
/** The grip point must hold this close to the target, metres. */
export const reachToleranceM = 0.015;
/** ...with the arm nearly still, so sweeping through the target does not count. */
const stillJointSpeedRadS = 0.3;
const episodeDurationS = 2;

function isSuccess(world: WorldSnapshot): boolean {
  return (
    distanceM(world.endEffectorPosition, world.targetPosition) <= reachToleranceM &&
    jointSpeedRadS(world) < stillJointSpeedRadS
  );
}

export const reachTask: TaskDefinition = {
  name,
  instruction: 'move the gripper to the green ball and hold it there',
  layout: { objects: [], target: 'sphere', drawer: false },
  physicsTimestepS,
  controlHz,
  timeLimitSteps: episodeDurationS * controlHz,
  actionBounds: armActionBounds,
  sampleInitialState(seed, perturbation) {
    const random = taskRandom(seed, name);
    const [x, y] = samplePoint(random, targetRegion, perturbation);
    const heightM = random.uniform(targetHeightAboveTableM.min, targetHeightAboveTableM.max);
    return {
      armJointPositionsRad: sampleArmStart(random),
      gripperOpeningM: 0,
      objects: placeDistractors(seed, name, perturbation.distractorCount, [[x, y]]),
      targetPosition: [x, y, tableTopHeightM + heightM],
    };
  },
  isSuccess,
  progress(world, initialWorld) {
    if (isSuccess(world)) return 1;
    const gap = (w: WorldSnapshot): number =>
      distanceM(w.endEffectorPosition, w.targetPosition) - reachToleranceM;
    return closedFraction(gap(world), gap(initialWorld));
  },
};

import type { WorldSnapshot } from '../observation.ts';
import { physicsTimestepS, tableTopHeightM } from '../scenes/arm-geometry.ts';
import { cabinetCentreHeightM, drawerGeometry } from '../scenes/drawer-geometry.ts';
import {
  placeDistractors,
  sampleArmStart,
  samplePoint,
  taskRandom,
  type SpawnRegion,
} from './initial-state-sampling.ts';
import { armActionBounds, controlHz } from './task-constants.ts';
import type { TaskDefinition } from './task-definition.ts';
import { closedFraction } from './world-geometry.ts';

const name = 'open-drawer';
const cabinetRegion: SpawnRegion = { centreX: 0.62, centreY: 0, halfX: 0.02, halfY: 0.12 };
const initialOpeningM = { min: 0, max: 0.02 } as const;
/** The drawer counts as open this far out, metres. */
export const drawerOpenM = 0.12;
const episodeDurationS = 4;

function openingOf(world: WorldSnapshot): number {
  return world.articulations.drawer ?? Number.NaN;
}

function isSuccess(world: WorldSnapshot): boolean {
  return openingOf(world) >= drawerOpenM;
}

export const openDrawerTask: TaskDefinition = {
  name,
  instruction: 'open the drawer',
  layout: { objects: [], target: 'none', drawer: true },
  physicsTimestepS,
  controlHz,
  timeLimitSteps: episodeDurationS * controlHz,
  actionBounds: armActionBounds,
  sampleInitialState(seed, perturbation) {
    const random = taskRandom(seed, name);
    const [x, y] = samplePoint(random, cabinetRegion, perturbation);
    const handleX = x - drawerGeometry.cabinetHalfSizeM[0] - drawerGeometry.handleStandoffM;
    const cabinetZ = tableTopHeightM + cabinetCentreHeightM;
    // Distractors stay in front of the cabinet, clear of the handle's path.
    const cabinetFootprint: [number, number][] = [-0.1, 0, 0.1].flatMap((dy) => [
      [x - 0.1, y + dy] as [number, number],
      [handleX - drawerOpenM / 2, y + dy] as [number, number],
      [x, y + dy] as [number, number],
    ]);
    return {
      armJointPositionsRad: sampleArmStart(random),
      gripperOpeningM: 0,
      objects: placeDistractors(seed, name, perturbation.distractorCount, cabinetFootprint),
      targetPosition: [handleX - drawerOpenM, y, cabinetZ],
      cabinetPosition: [x, y, cabinetZ],
      drawerOpeningM: random.uniform(initialOpeningM.min, initialOpeningM.max),
    };
  },
  isSuccess,
  progress(world, initialWorld) {
    if (isSuccess(world)) return 1;
    return closedFraction(drawerOpenM - openingOf(world), drawerOpenM - openingOf(initialWorld));
  },
};

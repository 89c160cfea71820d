import type { Vec3, WorldSnapshot } from '../observation.ts';
import { bindTabletopArm } from '../scenes/tabletop-arm-binding.ts';
import { jointsForPaddlePose } from '../scenes/tabletop-arm-kinematics.ts';
import {
  armJointLowerRad,
  armJointUpperRad,
  cubeHalfSizeM,
  physicsTimestepS,
  tableTopHeightM,
  tabletopArmXml,
} from '../scenes/tabletop-arm.ts';
import { SeededRandom, deriveSeed } from '../../lib/seeded-random.ts';
import type { TabletopInitialState, TaskDefinition } from './task-definition.ts';

const degree = Math.PI / 180;

/** The seeded initial-state distribution, in metres and radians (world frame, arm at origin). */
const cubeSpawn = { minX: 0.3, maxX: 0.38, minY: -0.1, maxY: 0.1 } as const;
/** The target lies this far from the cube, roughly away from the arm, so it is pushable. */
const targetDistanceM = { min: 0.1, max: 0.15 } as const;
const targetBearingSpreadRad = 40 * degree;
/** The arm starts with its paddle just in front of the base, perturbed per joint. */
const homePaddlePose = { x: 0.22, y: 0, headingRad: 0 } as const;
const homeJointJitterRad = 0.05;

/** The cube counts as on the target when its centre is this close, in the table plane. */
export const successRadiusM = 0.02;
/** Success needs the cube at rest: a cube flung across the target does not count. */
const restingCubeSpeedMS = 0.02;
/** Below this height the cube has left the table top, which can never be success. */
const fallenCubeHeightM = tableTopHeightM + cubeHalfSizeM / 2;

const controlHz = 25;
const episodeDurationS = 10;

export function planarDistanceM(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function cubeOf(world: WorldSnapshot): Vec3 {
  const cube = world.objectPositions.cube;
  if (!cube) throw new TypeError('push-cube needs a "cube" object in the world snapshot');
  return cube;
}

function sampleInitialState(seed: number): TabletopInitialState {
  const random = new SeededRandom(deriveSeed(seed, 'push-cube/initial-state'));
  const cubeX = random.uniform(cubeSpawn.minX, cubeSpawn.maxX);
  const cubeY = random.uniform(cubeSpawn.minY, cubeSpawn.maxY);
  // A cube looks the same every quarter turn, so a quarter turn of yaw covers every case.
  const cubeYawRad = random.uniform(-45 * degree, 45 * degree);
  const bearing =
    Math.atan2(cubeY, cubeX) + random.uniform(-targetBearingSpreadRad, targetBearingSpreadRad);
  const distance = random.uniform(targetDistanceM.min, targetDistanceM.max);
  const home = jointsForPaddlePose(homePaddlePose);
  return {
    armJointPositionsRad: home.map(
      (angle) => angle + random.uniform(-homeJointJitterRad, homeJointJitterRad),
    ),
    cubePosition: [cubeX, cubeY, tableTopHeightM + cubeHalfSizeM],
    cubeYawRad,
    targetPosition: [
      cubeX + distance * Math.cos(bearing),
      cubeY + distance * Math.sin(bearing),
      tableTopHeightM,
    ],
  };
}

function isSuccess(world: WorldSnapshot): boolean {
  const cube = cubeOf(world);
  const velocity = world.objectVelocities.cube ?? [Infinity, 0, 0];
  return (
    cube[2] > fallenCubeHeightM &&
    Math.hypot(...velocity) < restingCubeSpeedMS &&
    planarDistanceM(cube, world.targetPosition) <= successRadiusM
  );
}

function progress(world: WorldSnapshot, initialWorld: WorldSnapshot): number {
  if (isSuccess(world)) return 1;
  // Distances are measured beyond the success radius, so reaching it is exactly progress 1.
  const initialGap =
    planarDistanceM(cubeOf(initialWorld), initialWorld.targetPosition) - successRadiusM;
  const gap = planarDistanceM(cubeOf(world), world.targetPosition) - successRadiusM;
  if (!(initialGap > 0) || !Number.isFinite(gap)) return 0;
  return Math.min(1, Math.max(0, 1 - gap / initialGap));
}

export const pushCubeTask: TaskDefinition = {
  name: 'push-cube',
  instruction: 'push the red cube onto the green target',
  sceneXml: tabletopArmXml,
  physicsTimestepS,
  controlHz,
  timeLimitSteps: episodeDurationS * controlHz,
  actionBounds: { lowerRad: armJointLowerRad, upperRad: armJointUpperRad },
  bindScene: bindTabletopArm,
  sampleInitialState,
  isSuccess,
  progress,
};

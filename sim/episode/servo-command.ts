import { jointStepForTwist } from '../control/end-effector-ik.ts';
import type { ActionMode, WorldSnapshot } from '../observation.ts';
import { armJointCount } from '../scenes/arm-geometry.ts';
import type { TaskSimulation } from '../task-simulation.ts';
import type { ServoCommand } from './command-line.ts';

/**
 * The servo targets one action row asks for. In ee-delta mode the arm values are a twist applied
 * to the measured pose (see README).
 */
export function servoCommandFor(
  row: readonly number[],
  mode: ActionMode,
  world: WorldSnapshot,
  simulation: TaskSimulation,
  data: Parameters<TaskSimulation['jacobian']>[0],
): ServoCommand {
  const gripperCommand = row[armJointCount] ?? 0;
  if (mode === 'joint') return { jointTargetsRad: row.slice(0, armJointCount), gripperCommand };
  const step = jointStepForTwist(simulation.jacobian(data), armJointCount, row.slice(0, 6));
  return {
    jointTargetsRad: world.jointPositionsRad.map((angle, joint) => angle + (step[joint] ?? 0)),
    gripperCommand,
  };
}

/** False once the physics has diverged: a NaN or infinity anywhere in the state a task reads. */
export function isFiniteWorld(world: WorldSnapshot): boolean {
  const numbers = [
    ...world.jointPositionsRad,
    ...world.jointVelocitiesRadS,
    ...world.endEffectorPosition,
    world.gripperOpeningM,
    ...Object.values(world.objectPositions).flat(),
    ...Object.values(world.objectVelocities).flat(),
    ...Object.values(world.articulations),
  ];
  return numbers.every(Number.isFinite);
}

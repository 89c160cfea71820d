import { jointStepForTwist } from '../control/end-effector-ik.ts';
import type { ActionMode, WorldSnapshot } from '../observation.ts';
import {
  armJointCount,
  armJointLowerRad,
  armJointMaxSpeedRadS,
  armJointUpperRad,
  homeJointPositionsRad,
} from '../scenes/arm-geometry.ts';
import type { TaskSimulation } from '../task-simulation.ts';
import type { ServoCommand } from './command-line.ts';

/**
 * How far integrated joint-velocity targets may run ahead of the measured joints, radians: an
 * arm held back (by a contact, or a saturated servo) does not wind up a target it then lunges at.
 */
export const maxVelocityTargetLeadRad = 0.3;
/** Share of the way back to the home posture each ee-delta step asks for, in the null space. */
const postureGain = 0.05;

/**
 * The servo targets one action row asks for (see sim/README.md):
 * - joint-position: the row's seven values are the targets;
 * - joint-velocity: each joint's previous target moves by velocity × control period (velocities
 *   clamped to the joint's speed limit, targets to its range and to a bounded lead over the
 *   measured position);
 * - ee-delta: a twist applied to the measured pose, through one damped-least-squares IK step with
 *   a null-space pull towards the home posture.
 */
export function servoCommandFor(
  row: readonly number[],
  mode: ActionMode,
  world: WorldSnapshot,
  previous: ServoCommand,
  controlPeriodS: number,
  simulation: TaskSimulation,
  data: Parameters<TaskSimulation['jacobian']>[0],
): ServoCommand {
  const gripperCommand = row[armJointCount] ?? 0;
  if (mode === 'joint-position') {
    return { jointTargetsRad: row.slice(0, armJointCount), gripperCommand };
  }
  if (mode === 'joint-velocity') {
    const jointTargetsRad = world.jointPositionsRad.map((measured, joint) => {
      const maxSpeed = armJointMaxSpeedRadS[joint] ?? 0;
      const velocity = Math.min(maxSpeed, Math.max(-maxSpeed, row[joint] ?? 0));
      const integrated = (previous.jointTargetsRad[joint] ?? measured) + velocity * controlPeriodS;
      const lower = Math.max(
        armJointLowerRad[joint] ?? -Infinity,
        measured - maxVelocityTargetLeadRad,
      );
      const upper = Math.min(
        armJointUpperRad[joint] ?? Infinity,
        measured + maxVelocityTargetLeadRad,
      );
      return Math.min(upper, Math.max(lower, integrated));
    });
    return { jointTargetsRad, gripperCommand };
  }
  const step = jointStepForTwist(simulation.jacobian(data), armJointCount, row.slice(0, 6), {
    currentRad: world.jointPositionsRad,
    restRad: homeJointPositionsRad,
    gain: postureGain,
  });
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

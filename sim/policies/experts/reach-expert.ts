import type { Observation } from '../../observation.ts';
import { gripperClosed, gripperYawRad, motionToward } from './gripper-motion.ts';
import type { TaskExpert } from './task-expert.ts';

const maxStepM = 0.03;

/** Moves the grip point straight to the target, keeping the gripper's yaw. */
export class ReachExpert implements TaskExpert {
  act(observation: Observation): number[] {
    return motionToward(observation, {
      position: observation.targetPosition,
      yawRad: gripperYawRad(observation.endEffectorQuaternion),
      gripper: gripperClosed,
      maxStepM,
    });
  }
}

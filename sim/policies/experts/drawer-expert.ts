/**
 * Opens the drawer: hover above the handle with the fingers turned to close along the pull
 * direction, descend around the bar, close, and pull towards the arm. A lost grip starts over.
 */
import type { Observation, Vec3 } from '../../observation.ts';
import {
  distanceBetween,
  gripperClosed,
  gripperYawRad,
  motionToward,
  nearestSymmetricAngle,
  planarDistanceBetween,
} from './gripper-motion.ts';
import type { ExpertFlaws, TaskExpert } from './task-expert.ts';

/** Opening (4.4 cm) that clears the bar without the rear finger touching the drawer front. */
const aroundHandleCommand = 0.45;
const hoverAboveHandleM = 0.07;
const travelStepM = 0.03;
const fineStepM = 0.015;
const pullStepM = 0.02;
const closeSteps = 6;
const alignedM = 0.006;
const alignedYawRad = 0.06;
const lostGripM = 0.03;
/** Fingers close along world x (the pull direction) at this yaw. */
const pullYawRad = Math.PI / 2;

type Phase = 'hover' | 'descend' | 'close' | 'pull';

export class DrawerExpert implements TaskExpert {
  private phase: Phase = 'hover';
  private phaseSteps = 0;
  private slipAtStep: number | null = null;

  constructor(private readonly flaws: ExpertFlaws | null) {}

  act(observation: Observation): number[] {
    const handle = observation.objectPositions.drawer_handle ?? observation.targetPosition;
    const ee = observation.endEffectorPosition;
    const currentYaw = gripperYawRad(observation.endEffectorQuaternion);
    const yaw = nearestSymmetricAngle(pullYawRad, currentYaw, Math.PI);
    const above: Vec3 = [handle[0], handle[1], handle[2] + hoverAboveHandleM];
    this.phaseSteps += 1;
    const enter = (phase: Phase): void => {
      this.phase = phase;
      this.phaseSteps = 0;
    };
    if (this.phase === 'hover') {
      const aligned =
        distanceBetween(ee, above) < alignedM && Math.abs(currentYaw - yaw) < alignedYawRad;
      if (aligned) enter('descend');
    } else if (this.phase === 'descend') {
      if (distanceBetween(ee, handle) < alignedM * 0.7) enter('close');
    } else if (this.phase === 'close') {
      if (this.phaseSteps >= closeSteps) {
        enter('pull');
        this.slipAtStep = this.drawSlip();
      }
    } else if (distanceBetween(ee, handle) > lostGripM) {
      enter('hover');
    } else if (this.slipAtStep !== null && this.phaseSteps >= this.slipAtStep) {
      this.slipAtStep = null;
      enter('hover');
    }

    const move = (position: Vec3, gripper: number, maxStepM: number): number[] =>
      motionToward(observation, { position, yawRad: yaw, gripper, maxStepM });
    switch (this.phase) {
      case 'hover':
        // Rise straight up first when near the drawer, so the fingers do not drag across it.
        return ee[2] < above[2] - 0.02 && planarDistanceBetween(ee, handle) < 0.06
          ? move([ee[0], ee[1], above[2]], aroundHandleCommand, travelStepM)
          : move(above, aroundHandleCommand, travelStepM);
      case 'descend':
        return move(handle, aroundHandleCommand, fineStepM);
      case 'close':
        return move(handle, gripperClosed, fineStepM);
      case 'pull':
        return move([handle[0] - pullStepM, handle[1], handle[2]], gripperClosed, pullStepM);
    }
  }

  private drawSlip(): number | null {
    if (!this.flaws) return null;
    const { random, graspFailureProbability } = this.flaws;
    const slips = random.next() < graspFailureProbability;
    const atStep = 1 + random.integer(4);
    return slips ? atStep : null;
  }
}

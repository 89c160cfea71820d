/**
 * Picks an object and releases it at a goal: hover over it with the fingers open and turned to
 * its faces, descend, close, lift, carry, lower until the object (not the hand) is at the goal,
 * release, retreat. A lost grasp sends it back to the start. Used by pick-place and stack.
 */
import type { Observation, Vec3 } from '../../observation.ts';
import { cubeHalfSizeM, tableTopHeightM } from '../../scenes/arm-geometry.ts';
import { yawOfQuat } from '../../tasks/world-geometry.ts';
import {
  distanceBetween,
  gripperClosed,
  gripperOpen,
  gripperYawRad,
  motionToward,
  nearestSymmetricAngle,
  planarDistanceBetween,
} from './gripper-motion.ts';
import type { ExpertFlaws, TaskExpert } from './task-expert.ts';

const hoverHeightM = tableTopHeightM + 0.12;
const travelStepM = 0.03;
const fineStepM = 0.015;
const closeSteps = 7;
const releaseSteps = 6;
/** Closed fingers with nothing between them: the grasp was lost. */
const emptyGraspOpeningM = cubeHalfSizeM;
const alignedM = 0.006;
const alignedYawRad = 0.06;
/** A released object this far from its goal is picked again. */
const missedPlacementM = 0.03;

type Phase = 'hover' | 'descend' | 'close' | 'lift' | 'carry' | 'lower' | 'release' | 'retreat';

export class PickPlaceExpert implements TaskExpert {
  private phase: Phase = 'hover';
  private phaseSteps = 0;
  /** Control steps into the lift at which a doomed grasp is let go, or null. */
  private slipAtStep: number | null = null;

  constructor(
    private readonly objectName: string,
    /** Where the object's centre should be when it is let go. */
    private readonly releasePoint: (observation: Observation) => Vec3,
    private readonly flaws: ExpertFlaws | null,
  ) {}

  act(observation: Observation): number[] {
    const object = observation.objectPositions[this.objectName] ?? observation.targetPosition;
    const objectYaw = yawOfQuat(observation.objectQuaternions[this.objectName] ?? [1, 0, 0, 0]);
    const ee = observation.endEffectorPosition;
    const currentYaw = gripperYawRad(observation.endEffectorQuaternion);
    const graspYaw = nearestSymmetricAngle(objectYaw, currentYaw, Math.PI / 2);
    const goal = this.releasePoint(observation);
    // The hand moves by the object's offset from the goal, so a cube held off-centre still lands.
    const carryTarget = (height: number | null): Vec3 => [
      ee[0] + goal[0] - object[0],
      ee[1] + goal[1] - object[1],
      height ?? ee[2] + goal[2] - object[2],
    ];
    const lostGrasp = observation.gripperOpeningM < emptyGraspOpeningM;
    this.phaseSteps += 1;
    const enter = (phase: Phase): void => {
      this.phase = phase;
      this.phaseSteps = 0;
    };

    switch (this.phase) {
      case 'hover':
        if (
          planarDistanceBetween(ee, object) < alignedM &&
          Math.abs(currentYaw - graspYaw) < alignedYawRad &&
          observation.gripperOpeningM > 2 * cubeHalfSizeM + 0.01
        ) {
          enter('descend');
        }
        break;
      case 'descend':
        if (distanceBetween(ee, object) < alignedM) enter('close');
        break;
      case 'close':
        if (this.phaseSteps >= closeSteps) {
          enter('lift');
          this.slipAtStep = this.drawSlip();
        }
        break;
      case 'lift':
      case 'carry':
        if (lostGrasp) enter('hover');
        else if (this.phase === 'lift' && ee[2] > hoverHeightM - 0.015) enter('carry');
        else if (this.phase === 'carry' && planarDistanceBetween(object, goal) < alignedM) {
          enter('lower');
        }
        break;
      case 'lower':
        if (lostGrasp) enter('hover');
        else if (distanceBetween(object, goal) < 0.005) enter('release');
        break;
      case 'release':
        if (this.phaseSteps >= releaseSteps) enter('retreat');
        break;
      case 'retreat':
        if (planarDistanceBetween(object, goal) > missedPlacementM && ee[2] > hoverHeightM - 0.02) {
          enter('hover');
        }
        break;
    }
    if (this.phase === 'carry' && this.slipAtStep !== null && this.phaseSteps >= this.slipAtStep) {
      // Hovering opens the fingers: the object drops and is picked again.
      this.slipAtStep = null;
      enter('hover');
    }

    const move = (position: Vec3, gripper: number, maxStepM: number, yawRad = graspYaw): number[] =>
      motionToward(observation, { position, yawRad, gripper, maxStepM });
    switch (this.phase) {
      case 'hover':
        return ee[2] < hoverHeightM - 0.03 && planarDistanceBetween(ee, object) > alignedM * 3
          ? move([ee[0], ee[1], hoverHeightM], gripperOpen, travelStepM)
          : move([object[0], object[1], hoverHeightM], gripperOpen, travelStepM);
      case 'descend':
        return move([object[0], object[1], object[2] + 0.002], gripperOpen, fineStepM);
      case 'close':
        return move(ee, gripperClosed, fineStepM);
      case 'lift':
        return move([ee[0], ee[1], hoverHeightM], gripperClosed, fineStepM, currentYaw);
      case 'carry':
        return move(carryTarget(hoverHeightM), gripperClosed, travelStepM, currentYaw);
      case 'lower':
        return move(carryTarget(null), gripperClosed, fineStepM, currentYaw);
      case 'release':
        return move(ee, gripperOpen, fineStepM, currentYaw);
      case 'retreat':
        return move([ee[0], ee[1], hoverHeightM], gripperOpen, fineStepM, currentYaw);
    }
  }

  /** A flawed expert loses some grasps a few steps into the carry. */
  private drawSlip(): number | null {
    if (!this.flaws) return null;
    const { random, graspFailureProbability } = this.flaws;
    const slips = random.next() < graspFailureProbability;
    const atStep = 2 + random.integer(10);
    return slips ? atStep : null;
  }
}

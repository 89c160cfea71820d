/**
 * Pushes the cube with the closed fingers: hover to a point behind the cube on the cube-target
 * line, descend, push along the line re-aiming every step, and lift to re-align when the cube
 * slips sideways.
 */
import type { Observation, Vec3 } from '../../observation.ts';
import {
  cubeHalfSizeM,
  gripPointToFingertipM,
  gripper,
  tableTopHeightM,
} from '../../scenes/arm-geometry.ts';
import { gripperClosed, gripperYawRad, motionToward } from './gripper-motion.ts';
import type { TaskExpert } from './task-expert.ts';

/** Grip point height that puts the fingertips at the cube's mid-height. */
const pushHeightM = tableTopHeightM + cubeHalfSizeM + gripPointToFingertipM;
const hoverHeightM = tableTopHeightM + 0.09;
/** Cube centre to grip point with the closed fingers touching the cube's back face. */
const contactOffsetM = cubeHalfSizeM + 2 * gripper.fingerHalfThicknessM;
const standoffM = 0.03;
const pushLeadM = 0.012;
const travelStepM = 0.03;
const lateralLimitM = { enter: 0.005, exit: 0.013 } as const;
const doneRadiusM = 0.004;

type Phase = 'hover' | 'descend' | 'push';

export class PushExpert implements TaskExpert {
  private phase: Phase = 'hover';

  act(observation: Observation): number[] {
    const cube = observation.objectPositions.cube ?? observation.targetPosition;
    const target = observation.targetPosition;
    const ee = observation.endEffectorPosition;
    const toTarget = [target[0] - cube[0], target[1] - cube[1]] as const;
    const remainingM = Math.hypot(...toTarget);
    // Once the cube sits on the target any direction will do; away from the arm base is safe.
    const [dx, dy] = remainingM > 1e-6 ? toTarget : [cube[0], cube[1]];
    const norm = Math.hypot(dx, dy);
    const direction = [dx / norm, dy / norm] as const;
    const relative = [ee[0] - cube[0], ee[1] - cube[1]] as const;
    const along = relative[0] * direction[0] + relative[1] * direction[1];
    const lateral = direction[0] * relative[1] - direction[1] * relative[0];
    const behind = along < -contactOffsetM + 0.006;
    const prePush = (height: number): Vec3 => [
      cube[0] - direction[0] * (contactOffsetM + standoffM),
      cube[1] - direction[1] * (contactOffsetM + standoffM),
      height,
    ];

    if (this.phase === 'push' && (Math.abs(lateral) > lateralLimitM.exit || !behind)) {
      this.phase = 'hover';
    }
    if (this.phase === 'hover') {
      const hoverPoint = prePush(hoverHeightM);
      if (Math.hypot(ee[0] - hoverPoint[0], ee[1] - hoverPoint[1]) < lateralLimitM.enter) {
        this.phase = 'descend';
      }
    }
    if (this.phase === 'descend' && Math.abs(ee[2] - pushHeightM) < 0.006) this.phase = 'push';

    let goal: Vec3;
    let maxStepM = travelStepM;
    if (this.phase === 'hover') {
      // Rise first, then travel, so the fingers never sweep through the cube.
      goal = ee[2] < hoverHeightM - 0.01 ? [ee[0], ee[1], hoverHeightM] : prePush(hoverHeightM);
    } else if (this.phase === 'descend') {
      goal = prePush(pushHeightM);
    } else {
      const lead = remainingM < doneRadiusM ? 0 : Math.min(pushLeadM, remainingM);
      goal = [
        cube[0] - direction[0] * (contactOffsetM - lead),
        cube[1] - direction[1] * (contactOffsetM - lead),
        pushHeightM,
      ];
      maxStepM = pushLeadM;
    }
    return motionToward(observation, {
      position: goal,
      yawRad: gripperYawRad(observation.endEffectorQuaternion),
      gripper: gripperClosed,
      maxStepM,
    });
  }
}

/**
 * Scripted push-cube expert using privileged state (exact cube and target positions).
 * It brings the paddle square behind the cube on the cube-target line, then pushes along that
 * line, re-aiming every step, and backs off to re-align when the cube slips sideways.
 */
import type { Observation } from '../observation.ts';
import {
  jointsForPaddlePose,
  paddlePoseFromJoints,
  wrapAngleRad,
} from '../scenes/tabletop-arm-kinematics.ts';
import { armGeometry, cubeHalfSizeM } from '../scenes/tabletop-arm.ts';
import { type Vec2, vec2 } from './planar-vector.ts';
import type { Action, Policy } from './policy.ts';

/** Cube centre to paddle centre when the paddle face is flush with the cube's back face. */
const contactOffsetM = cubeHalfSizeM + armGeometry.paddleHalfThicknessM;
/** Gap left between paddle and cube at the pre-push point. */
const standoffM = 0.025;
/** Lateral distance at which a paddle passes beside the cube at any cube yaw. */
const sidePassClearanceM = cubeHalfSizeM * Math.SQRT2 + armGeometry.paddleHalfWidthM + 0.012;
/** How far the push goal leads the paddle: with the servos' gain this sets the push speed. */
const pushLeadM = 0.01;
const maxApproachStepM = 0.025;
const maxHeadingStepRad = 0.2;
const alignment = {
  enterLateralM: 0.006,
  exitLateralM: 0.018,
  enterHeadingRad: 0.12,
  exitHeadingRad: 0.35,
} as const;

type Phase = 'approach' | 'push';

export class MissingCubeError extends Error {
  override name = 'MissingCubeError';
  constructor() {
    super('the expert only knows push-cube: the observation has no "cube" object');
  }
}

export class ExpertPolicy implements Policy {
  private phase: Phase = 'approach';

  reset(_seed: number): void {
    this.phase = 'approach';
  }

  act(observation: Observation): Action {
    const cubePosition = observation.objectPositions.cube;
    if (!cubePosition) throw new MissingCubeError();
    const cube = vec2.of(cubePosition[0], cubePosition[1]);
    const target = vec2.of(observation.targetPosition[0], observation.targetPosition[1]);
    const paddlePose = paddlePoseFromJoints(observation.jointPositionsRad);
    const paddle = vec2.of(paddlePose.x, paddlePose.y);

    const toTarget = vec2.sub(target, cube);
    const remainingM = vec2.length(toTarget);
    // Once the cube sits on the target any direction will do; away from the arm base is safe.
    const pushVector = remainingM > 1e-6 ? toTarget : cube;
    const pushDirection = vec2.scale(pushVector, 1 / vec2.length(pushVector));
    const desiredHeading = Math.atan2(pushDirection.y, pushDirection.x);
    const relative = vec2.sub(paddle, cube);
    const along = vec2.dot(relative, pushDirection);
    const lateral = vec2.cross(pushDirection, relative);
    const headingError = Math.abs(wrapAngleRad(paddlePose.headingRad - desiredHeading));

    this.updatePhase(along, lateral, headingError);
    const goal =
      this.phase === 'push'
        ? vec2.add(
            cube,
            vec2.scale(pushDirection, -contactOffsetM + Math.min(pushLeadM, remainingM)),
          )
        : approachWaypoint(cube, pushDirection, along, lateral);
    const step = this.phase === 'push' ? pushLeadM : maxApproachStepM;
    const nextPaddle = vec2.add(paddle, vec2.clampLength(vec2.sub(goal, paddle), step));
    const headingStep = wrapAngleRad(desiredHeading - paddlePose.headingRad);
    const nextHeading =
      paddlePose.headingRad +
      Math.max(-maxHeadingStepRad, Math.min(maxHeadingStepRad, headingStep));
    return jointsForPaddlePose({ x: nextPaddle.x, y: nextPaddle.y, headingRad: nextHeading });
  }

  private updatePhase(along: number, lateral: number, headingError: number): void {
    const behindCube = along < -contactOffsetM + 0.004;
    if (this.phase === 'push') {
      const misaligned =
        Math.abs(lateral) > alignment.exitLateralM || headingError > alignment.exitHeadingRad;
      if (misaligned || !behindCube) this.phase = 'approach';
    } else {
      const nearPrePush = along > -(contactOffsetM + standoffM + 0.01);
      const aligned =
        Math.abs(lateral) < alignment.enterLateralM && headingError < alignment.enterHeadingRad;
      if (aligned && behindCube && nearPrePush) this.phase = 'push';
    }
  }
}

/** Where to go next to reach the pre-push point without sweeping the paddle through the cube. */
function approachWaypoint(cube: Vec2, pushDirection: Vec2, along: number, lateral: number): Vec2 {
  const side = vec2.scale(vec2.perpendicular(pushDirection), lateral >= 0 ? 1 : -1);
  const prePush = vec2.add(cube, vec2.scale(pushDirection, -(contactOffsetM + standoffM)));
  const directlyBehind =
    along < -contactOffsetM + 0.004 && Math.abs(lateral) < armGeometry.paddleHalfWidthM;
  const wellBehind = along < -(contactOffsetM + 0.01);
  if (directlyBehind || wellBehind) return prePush;
  if (Math.abs(lateral) < sidePassClearanceM) {
    // In front of or overlapping the cube: step sideways first.
    return vec2.add(
      vec2.add(cube, vec2.scale(pushDirection, along)),
      vec2.scale(side, sidePassClearanceM),
    );
  }
  return vec2.add(prePush, vec2.scale(side, sidePassClearanceM));
}

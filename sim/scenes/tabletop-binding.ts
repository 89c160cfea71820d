import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { float64View, int32View } from '../mujoco-runtime.ts';
import type { Quat, Vec3, WorldSnapshot } from '../observation.ts';
import {
  armJointCount,
  armJointLowerRad,
  armJointNames,
  armJointUpperRad,
  fingerTravelForCommand,
  gripperCommandForOpening,
  gripperPositionForOpening,
  sceneNames,
} from './arm-geometry.ts';
import type { SceneInitialState } from './scene-initial-state.ts';
import { distractorName, type SceneLayout } from './scene-layout.ts';

export class SceneBindingError extends Error {
  override name = 'SceneBindingError';
}

/** A task's view of one compiled model: names resolved to indices once, then reused. */
export interface SceneBinding {
  /** Arm joints plus the gripper command. */
  readonly actionLength: number;
  /** Body ids of the arm and gripper, for telling robot contacts from others. */
  readonly robotBodyIds: ReadonlySet<number>;
  readonly armDofIndices: readonly number[];
  readonly endEffectorSiteId: number;
  /** Resets `data` and writes the state, so nothing of a previous episode survives. */
  applyInitialState(data: MjData, state: SceneInitialState): void;
  /**
   * Writes seven joint targets (clamped to their limits) and a gripper command in [0, 1]
   * (0 fully open, 1 closed).
   */
  writeControl(data: MjData, jointTargetsRad: readonly number[], gripperCommand: number): void;
  readWorld(data: MjData): WorldSnapshot;
}

interface FreeObjectIndices {
  readonly name: string;
  readonly bodyId: number;
  readonly qposIndex: number;
  readonly dofIndex: number;
}

/** Resolves the scene's names in `model`; fails loudly if the MJCF and code disagree. */
export function bindTabletopScene(
  mujoco: MainModule,
  model: MjModel,
  layout: SceneLayout,
  distractorCount: number,
): SceneBinding {
  const idOf = (type: { value: number }, kind: string, name: string): number => {
    const id = mujoco.mj_name2id(model, type.value, name);
    if (id < 0) throw new SceneBindingError(`the scene has no ${kind} named "${name}"`);
    return id;
  };
  const { mjOBJ_JOINT, mjOBJ_SITE, mjOBJ_BODY } = mujoco.mjtObj;
  const jointQposAddress = int32View(model.jnt_qposadr, 'jnt_qposadr');
  const jointDofAddress = int32View(model.jnt_dofadr, 'jnt_dofadr');
  const jointIndices = (name: string): { qpos: number; dof: number } => {
    const id = idOf(mjOBJ_JOINT, 'joint', name);
    return { qpos: jointQposAddress[id] ?? -1, dof: jointDofAddress[id] ?? -1 };
  };
  const armJoints = armJointNames.map(jointIndices);
  const fingers = [sceneNames.leftFingerJoint, sceneNames.rightFingerJoint].map(jointIndices);
  const objectNames = [
    ...layout.objects.map((object) => object.name),
    ...Array.from({ length: distractorCount }, (_, index) => distractorName(index)),
  ];
  const freeObjects: FreeObjectIndices[] = objectNames.map((name) => {
    const { qpos, dof } = jointIndices(`${name}_free`);
    return { name, bodyId: idOf(mjOBJ_BODY, 'body', name), qposIndex: qpos, dofIndex: dof };
  });
  const endEffectorSiteId = idOf(mjOBJ_SITE, 'site', sceneNames.endEffectorSite);
  const handBodyId = idOf(mjOBJ_BODY, 'body', sceneNames.handBody);
  const mocapIndexOf = (bodyName: string): number => {
    const index = int32View(model.body_mocapid, 'body_mocapid')[idOf(mjOBJ_BODY, 'body', bodyName)];
    if (index === undefined || index < 0) {
      throw new SceneBindingError(`body "${bodyName}" is not a mocap body`);
    }
    return index;
  };
  const targetMocap = mocapIndexOf(sceneNames.targetBody);
  const drawer = layout.drawer
    ? {
        mocap: mocapIndexOf(sceneNames.cabinetBody),
        joint: jointIndices(sceneNames.drawerJoint),
        handleSiteId: idOf(mjOBJ_SITE, 'site', sceneNames.drawerHandleSite),
      }
    : null;
  const expectedActuators = armJointCount + fingers.length;
  if (model.nu !== expectedActuators) {
    throw new SceneBindingError(`expected ${expectedActuators} actuators, found ${model.nu}`);
  }
  const robotBodyIds = robotSubtree(model, idOf(mjOBJ_BODY, 'body', sceneNames.armRootBody));

  function writeControl(
    data: MjData,
    jointTargetsRad: readonly number[],
    gripperCommand: number,
  ): void {
    const ctrl = float64View(data.ctrl, 'ctrl');
    for (let joint = 0; joint < armJointCount; joint += 1) {
      const lower = armJointLowerRad[joint] ?? -Infinity;
      const upper = armJointUpperRad[joint] ?? Infinity;
      ctrl[joint] = Math.min(upper, Math.max(lower, jointTargetsRad[joint] ?? 0));
    }
    const fingerTarget = fingerTravelForCommand(gripperCommand);
    ctrl[armJointCount] = fingerTarget;
    ctrl[armJointCount + 1] = fingerTarget;
  }

  return {
    actionLength: armJointCount + 1,
    robotBodyIds,
    armDofIndices: armJoints.map((joint) => joint.dof),
    endEffectorSiteId,
    applyInitialState(data, state) {
      mujoco.mj_resetData(model, data);
      const qpos = float64View(data.qpos, 'qpos');
      armJoints.forEach((joint, index) => {
        qpos[joint.qpos] = state.armJointPositionsRad[index] ?? 0;
      });
      for (const finger of fingers) qpos[finger.qpos] = state.gripperOpeningM / 2;
      for (const object of freeObjects) {
        const placement = state.objects[object.name];
        if (!placement) throw new SceneBindingError(`the initial state places no "${object.name}"`);
        qpos.set(placement.position, object.qposIndex);
        const halfYaw = placement.yawRad / 2;
        qpos.set([Math.cos(halfYaw), 0, 0, Math.sin(halfYaw)], object.qposIndex + 3);
      }
      const mocapPos = float64View(data.mocap_pos, 'mocap_pos');
      mocapPos.set(state.targetPosition, targetMocap * 3);
      if (drawer) {
        if (!state.cabinetPosition)
          throw new SceneBindingError('the initial state places no cabinet');
        mocapPos.set(state.cabinetPosition, drawer.mocap * 3);
        qpos[drawer.joint.qpos] = state.drawerOpeningM ?? 0;
      }
      // Servos start at the current pose, so the arm does not jump at t = 0.
      writeControl(
        data,
        state.armJointPositionsRad,
        gripperCommandForOpening(state.gripperOpeningM),
      );
      mujoco.mj_forward(model, data);
    },
    writeControl,
    readWorld(data) {
      // Views are fetched afresh each call: WASM memory growth would detach cached ones.
      const qpos = float64View(data.qpos, 'qpos');
      const qvel = float64View(data.qvel, 'qvel');
      const xpos = float64View(data.xpos, 'xpos');
      const xquat = float64View(data.xquat, 'xquat');
      const objectPositions: Record<string, Vec3> = {};
      const objectQuaternions: Record<string, Quat> = {};
      const objectVelocities: Record<string, Vec3> = {};
      for (const object of freeObjects) {
        objectPositions[object.name] = copyVec3(xpos, object.bodyId * 3);
        objectQuaternions[object.name] = copyQuat(xquat, object.bodyId * 4);
        // A free joint's first three velocities are the body's linear velocity in the world frame.
        objectVelocities[object.name] = copyVec3(qvel, object.dofIndex);
      }
      const gripperOpeningM = fingers.reduce(
        (sum, finger) => sum + (qpos[finger.qpos] ?? Number.NaN),
        0,
      );
      const articulations: Record<string, number> = {};
      if (drawer) {
        articulations.drawer = qpos[drawer.joint.qpos] ?? Number.NaN;
        objectPositions.drawer_handle = copyVec3(
          float64View(data.site_xpos, 'site_xpos'),
          drawer.handleSiteId * 3,
        );
      }
      return {
        timeS: data.time,
        jointPositionsRad: armJoints.map((joint) => qpos[joint.qpos] ?? Number.NaN),
        jointVelocitiesRadS: armJoints.map((joint) => qvel[joint.dof] ?? Number.NaN),
        gripperOpeningM,
        gripperPosition: gripperPositionForOpening(gripperOpeningM),
        endEffectorPosition: copyVec3(
          float64View(data.site_xpos, 'site_xpos'),
          endEffectorSiteId * 3,
        ),
        endEffectorQuaternion: copyQuat(xquat, handBodyId * 4),
        objectPositions,
        objectQuaternions,
        objectVelocities,
        articulations,
        targetPosition: copyVec3(float64View(data.mocap_pos, 'mocap_pos'), targetMocap * 3),
      };
    },
  };
}

function robotSubtree(model: MjModel, rootBodyId: number): ReadonlySet<number> {
  const parents = int32View(model.body_parentid, 'body_parentid');
  const robot = new Set<number>([rootBodyId]);
  // Bodies are numbered parents first, so one pass finds every descendant.
  for (let body = rootBodyId + 1; body < model.nbody; body += 1) {
    if (robot.has(parents[body] ?? -1)) robot.add(body);
  }
  return robot;
}

function copyVec3(values: Float64Array, start: number): Vec3 {
  return [
    values[start] ?? Number.NaN,
    values[start + 1] ?? Number.NaN,
    values[start + 2] ?? Number.NaN,
  ];
}

function copyQuat(values: Float64Array, start: number): Quat {
  return [
    values[start] ?? Number.NaN,
    values[start + 1] ?? Number.NaN,
    values[start + 2] ?? Number.NaN,
    values[start + 3] ?? Number.NaN,
  ];
}

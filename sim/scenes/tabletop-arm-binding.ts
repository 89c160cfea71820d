import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { float64View, int32View } from '../mujoco-runtime.ts';
import type { Vec3 } from '../observation.ts';
import type { SceneBinding, TabletopInitialState } from '../tasks/task-definition.ts';
import { armJointNames, sceneNames } from './tabletop-arm.ts';

export class SceneBindingError extends Error {
  override name = 'SceneBindingError';
}

/** Resolves the tabletop arm's names in `model`; fails loudly if the MJCF and code disagree. */
export function bindTabletopArm(mujoco: MainModule, model: MjModel): SceneBinding {
  const idOf = (type: { value: number }, kind: string, name: string): number => {
    const id = mujoco.mj_name2id(model, type.value, name);
    if (id < 0) throw new SceneBindingError(`the scene has no ${kind} named "${name}"`);
    return id;
  };
  const { mjOBJ_JOINT, mjOBJ_SITE, mjOBJ_BODY } = mujoco.mjtObj;
  const jointQposAddress = int32View(model.jnt_qposadr, 'jnt_qposadr');
  const jointDofAddress = int32View(model.jnt_dofadr, 'jnt_dofadr');
  const armJointIds = armJointNames.map((name) => idOf(mjOBJ_JOINT, 'joint', name));
  const armQposIndices = armJointIds.map((id) => jointQposAddress[id] ?? -1);
  const armDofIndices = armJointIds.map((id) => jointDofAddress[id] ?? -1);
  const cubeJointId = idOf(mjOBJ_JOINT, 'joint', sceneNames.cubeJoint);
  const cubeQposIndex = jointQposAddress[cubeJointId] ?? -1;
  // A free joint's first three velocities are the body's linear velocity in the world frame.
  const cubeDofIndex = jointDofAddress[cubeJointId] ?? -1;
  const cubeBodyId = idOf(mjOBJ_BODY, 'body', sceneNames.cubeBody);
  const endEffectorSiteId = idOf(mjOBJ_SITE, 'site', sceneNames.endEffectorSite);
  const targetBodyId = idOf(mjOBJ_BODY, 'body', sceneNames.targetBody);
  const targetMocapIndex = int32View(model.body_mocapid, 'body_mocapid')[targetBodyId] ?? -1;
  if (targetMocapIndex < 0) throw new SceneBindingError('the target body is not a mocap body');
  if (model.nu !== armJointNames.length) {
    throw new SceneBindingError(`expected ${armJointNames.length} actuators, found ${model.nu}`);
  }

  return {
    actuatorCount: model.nu,
    applyInitialState(data: MjData, state: TabletopInitialState): void {
      mujoco.mj_resetData(model, data);
      const qpos = float64View(data.qpos, 'qpos');
      const ctrl = float64View(data.ctrl, 'ctrl');
      armQposIndices.forEach((qposIndex, joint) => {
        const angle = state.armJointPositionsRad[joint] ?? 0;
        qpos[qposIndex] = angle;
        // Servos start at the current pose, so the arm does not jump at t = 0.
        ctrl[joint] = angle;
      });
      qpos.set(state.cubePosition, cubeQposIndex);
      const halfYaw = state.cubeYawRad / 2;
      qpos.set([Math.cos(halfYaw), 0, 0, Math.sin(halfYaw)], cubeQposIndex + 3);
      float64View(data.mocap_pos, 'mocap_pos').set(state.targetPosition, targetMocapIndex * 3);
      mujoco.mj_forward(model, data);
    },
    readWorld(data: MjData) {
      // Views are fetched afresh each call: WASM memory growth would detach cached ones.
      const qpos = float64View(data.qpos, 'qpos');
      const qvel = float64View(data.qvel, 'qvel');
      return {
        timeS: data.time,
        jointPositionsRad: armQposIndices.map((index) => qpos[index] ?? Number.NaN),
        jointVelocitiesRadS: armDofIndices.map((index) => qvel[index] ?? Number.NaN),
        endEffectorPosition: copyVec3(float64View(data.site_xpos, 'site_xpos'), endEffectorSiteId),
        objectPositions: { cube: copyVec3(float64View(data.xpos, 'xpos'), cubeBodyId) },
        objectVelocities: { cube: copyVec3(qvel.subarray(cubeDofIndex, cubeDofIndex + 3), 0) },
        targetPosition: copyVec3(float64View(data.mocap_pos, 'mocap_pos'), targetMocapIndex),
      };
    },
  };
}

function copyVec3(rows: Float64Array, row: number): Vec3 {
  const start = row * 3;
  return [rows[start] ?? Number.NaN, rows[start + 1] ?? Number.NaN, rows[start + 2] ?? Number.NaN];
}

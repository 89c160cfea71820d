import type { MainModule, MjModel } from 'mujoco-js';
import { float64View, int32View } from '../mujoco-runtime.ts';
import { geomTypeNames, type TrajectoryCamera, type TrajectoryGeom } from './trajectory.ts';

/** Body names and the geom list, read from the compiled model (so perturbed colours show). */
export function readSceneGeoms(
  mujoco: MainModule,
  model: MjModel,
): { bodyNames: string[]; geoms: TrajectoryGeom[] } {
  const { mjOBJ_BODY, mjOBJ_GEOM } = mujoco.mjtObj;
  const bodyNames = Array.from({ length: model.nbody }, (_, body) =>
    body === 0 ? 'world' : mujoco.mj_id2name(model, mjOBJ_BODY.value, body) || `body_${body}`,
  );
  const types = int32View(model.geom_type, 'geom_type');
  const bodies = int32View(model.geom_bodyid, 'geom_bodyid');
  const sizes = float64View(model.geom_size, 'geom_size');
  const positions = float64View(model.geom_pos, 'geom_pos');
  const quaternions = float64View(model.geom_quat, 'geom_quat');
  const rgba = model.geom_rgba as Float32Array;
  const geoms: TrajectoryGeom[] = [];
  for (let geom = 0; geom < model.ngeom; geom += 1) {
    const bodyIndex = bodies[geom] ?? 0;
    // Adding 0 turns -0 into 0: the header is JSON, which cannot keep the sign of a zero.
    const at = (values: ArrayLike<number>, width: number, offset: number): number =>
      (values[geom * width + offset] ?? 0) + 0;
    geoms.push({
      name: mujoco.mj_id2name(model, mjOBJ_GEOM.value, geom) || '',
      type: geomTypeNames[types[geom] ?? -1] ?? 'unknown',
      size: [at(sizes, 3, 0), at(sizes, 3, 1), at(sizes, 3, 2)],
      rgba: [at(rgba, 4, 0), at(rgba, 4, 1), at(rgba, 4, 2), at(rgba, 4, 3)],
      bodyIndex,
      bodyName: bodyNames[bodyIndex] ?? '',
      localPosition: [at(positions, 3, 0), at(positions, 3, 1), at(positions, 3, 2)],
      localQuaternion: [
        at(quaternions, 4, 0),
        at(quaternions, 4, 1),
        at(quaternions, 4, 2),
        at(quaternions, 4, 3),
      ],
    });
  }
  return { bodyNames, geoms };
}

/** The model's cameras with their poses in their bodies. */
export function readSceneCameras(mujoco: MainModule, model: MjModel): TrajectoryCamera[] {
  const bodies = int32View(model.cam_bodyid, 'cam_bodyid');
  const positions = float64View(model.cam_pos, 'cam_pos');
  const quaternions = float64View(model.cam_quat, 'cam_quat');
  const fovy = float64View(model.cam_fovy, 'cam_fovy');
  return Array.from({ length: model.ncam }, (_, camera) => ({
    name: mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_CAMERA.value, camera) || `camera_${camera}`,
    bodyIndex: bodies[camera] ?? 0,
    localPosition: [
      positions[camera * 3] ?? 0,
      positions[camera * 3 + 1] ?? 0,
      positions[camera * 3 + 2] ?? 0,
    ],
    localQuaternion: [
      quaternions[camera * 4] ?? 1,
      quaternions[camera * 4 + 1] ?? 0,
      quaternions[camera * 4 + 2] ?? 0,
      quaternions[camera * 4 + 3] ?? 0,
    ],
    fovyDeg: fovy[camera] ?? 45,
  }));
}

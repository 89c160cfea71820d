import type { MainModule, MjData, MjModel } from 'mujoco-js';
import type { SceneBinding } from '../scenes/tabletop-binding.ts';

/**
 * Reads the end effector's 6×n arm Jacobian (translation rows, then rotation rows; one column per
 * arm joint). The WASM buffers are allocated once per model; callers use the result at once.
 */
export function createJacobianReader(
  mujoco: MainModule,
  model: MjModel,
  binding: SceneBinding,
): { read: (data: MjData) => Float64Array; dispose: () => void } {
  const nv = model.nv;
  const translation = new mujoco.DoubleBuffer(3 * nv);
  const rotation = new mujoco.DoubleBuffer(3 * nv);
  const columns = binding.armDofIndices;
  const jacobian = new Float64Array(6 * columns.length);
  const read = (data: MjData): Float64Array => {
    mujoco.mj_jacSite(model, data, translation, rotation, binding.endEffectorSiteId);
    const jp = translation.GetView() as Float64Array;
    const jr = rotation.GetView() as Float64Array;
    for (let row = 0; row < 3; row += 1) {
      columns.forEach((dof, column) => {
        jacobian[row * columns.length + column] = jp[row * nv + dof] ?? 0;
        jacobian[(row + 3) * columns.length + column] = jr[row * nv + dof] ?? 0;
      });
    }
    return jacobian;
  };
  return {
    read,
    dispose: () => {
      translation.delete();
      rotation.delete();
    },
  };
}

import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { int32View } from '../mujoco-runtime.ts';

/**
 * The largest normal force, newtons, among the current contacts that touch the robot. Sampled
 * once per control step: per physics step would cost more than the stepping it measures.
 */
export function createRobotContactForceReader(
  mujoco: MainModule,
  model: MjModel,
  robotBodyIds: ReadonlySet<number>,
): { read: (data: MjData) => number; dispose: () => void } {
  const geomBody = int32View(model.geom_bodyid, 'geom_bodyid').slice();
  const isRobotGeom = (geom: number): boolean => robotBodyIds.has(geomBody[geom] ?? -1);
  const wrench = new mujoco.DoubleBuffer(6);
  return {
    read(data) {
      let peak = 0;
      if (data.ncon === 0) return peak;
      // Each read of data.contact copies the contact list into new WASM memory: read it once
      // and free it, or every control step leaks.
      const contacts = data.contact;
      for (let index = 0; index < data.ncon; index += 1) {
        const contact = contacts.get(index);
        if (!contact) continue;
        const touchesRobot = isRobotGeom(contact.geom1) || isRobotGeom(contact.geom2);
        contact.delete();
        if (!touchesRobot) continue;
        mujoco.mj_contactForce(model, data, index, wrench);
        peak = Math.max(peak, Math.abs((wrench.GetView() as Float64Array)[0] ?? 0));
      }
      contacts.delete();
      return peak;
    },
    dispose: () => wrench.delete(),
  };
}

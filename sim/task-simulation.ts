/**
 * One compiled model per (task, scene-changing perturbation) per process, shared by every episode
 * that needs it. Each running episode borrows its own MjData from a small pool, so episodes
 * interleaved on one event loop (they yield while stepping) never share simulator state.
 */
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { createJacobianReader } from './control/end-effector-jacobian.ts';
import { loadMjcf } from './mujoco-runtime.ts';
import type { ResolvedPerturbation } from './perturbations/perturbation.ts';
import { bindTabletopScene, type SceneBinding } from './scenes/tabletop-binding.ts';
import { tabletopSceneXml } from './scenes/tabletop-scene-xml.ts';
import type { TaskDefinition } from './tasks/task-definition.ts';

export class SceneTimestepMismatchError extends Error {
  override name = 'SceneTimestepMismatchError';
}

export interface TaskSimulation {
  readonly mujoco: MainModule;
  readonly model: MjModel;
  readonly binding: SceneBinding;
  /** Physics steps per control step. */
  readonly substepsPerControlStep: number;
  /** The end effector's 6×7 arm Jacobian at `data`'s last forward pass. */
  readonly jacobian: (data: MjData) => Float64Array;
  borrowData(): MjData;
  /** Returns data to the pool; the next borrower resets it before use. */
  returnData(data: MjData): void;
}

/** Compiled models kept per process; a perturbation sweep compiles one per scene variant. */
const maxCachedModels = 24;
const cache = new Map<string, CachedSimulation>();

export function getTaskSimulation(
  task: TaskDefinition,
  perturbation: ResolvedPerturbation,
): Promise<TaskSimulation> {
  const xml = tabletopSceneXml(task.layout, perturbation);
  const key = `${task.name}\n${xml}`;
  let entry = cache.get(key);
  if (entry) {
    // Re-inserting keeps the map in least-recently-used order.
    cache.delete(key);
    cache.set(key, entry);
    return entry.simulation;
  }
  entry = new CachedSimulation(task, xml, perturbation.distractorCount);
  cache.set(key, entry);
  entry.simulation.catch(() => cache.delete(key));
  evictIdle();
  return entry.simulation;
}

function evictIdle(): void {
  for (const [key, entry] of cache) {
    if (cache.size <= maxCachedModels) return;
    if (entry.borrowed > 0) continue;
    cache.delete(key);
    entry.dispose();
  }
}

class CachedSimulation {
  borrowed = 0;
  readonly simulation: Promise<TaskSimulation>;
  private disposeModel: (() => void) | null = null;

  constructor(task: TaskDefinition, xml: string, distractorCount: number) {
    this.simulation = this.load(task, xml, distractorCount);
  }

  dispose(): void {
    this.disposeModel?.();
    this.disposeModel = null;
  }

  private async load(
    task: TaskDefinition,
    xml: string,
    distractorCount: number,
  ): Promise<TaskSimulation> {
    const loaded = await loadMjcf(xml, task.name);
    const { mujoco, model, data } = loaded;
    if (Math.abs(model.opt.timestep - task.physicsTimestepS) > 1e-12) {
      loaded.dispose();
      throw new SceneTimestepMismatchError(
        `task ${task.name} expects a ${task.physicsTimestepS} s timestep, its scene has ${model.opt.timestep} s`,
      );
    }
    const binding = bindTabletopScene(mujoco, model, task.layout, distractorCount);
    const jacobian = createJacobianReader(mujoco, model, binding);
    const idleData: MjData[] = [data];
    this.disposeModel = () => {
      jacobian.dispose();
      // The loader's own data is among the idle ones and goes with the model.
      for (const idle of idleData) if (idle !== data) idle.delete();
      loaded.dispose();
    };
    return {
      mujoco,
      model,
      binding,
      substepsPerControlStep: Math.round(1 / (task.controlHz * task.physicsTimestepS)),
      jacobian: jacobian.read,
      borrowData: () => {
        this.borrowed += 1;
        return idleData.pop() ?? new mujoco.MjData(model);
      },
      returnData: (returned) => {
        this.borrowed -= 1;
        idleData.push(returned);
      },
    };
  }
}

/**
 * One compiled model per task per process, shared by every episode of that task. Each running
 * episode borrows its own MjData from a small pool, so episodes interleaved on one event loop
 * (they yield while stepping) never share simulator state.
 */
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { loadMjcf } from './mujoco-runtime.ts';
import type { SceneBinding, TaskDefinition } from './tasks/task-definition.ts';

export class SceneTimestepMismatchError extends Error {
  override name = 'SceneTimestepMismatchError';
}

export interface TaskSimulation {
  readonly mujoco: MainModule;
  readonly model: MjModel;
  readonly binding: SceneBinding;
  /** Physics steps per control step. */
  readonly substepsPerControlStep: number;
  borrowData(): MjData;
  /** Returns data to the pool; the next borrower resets it before use. */
  returnData(data: MjData): void;
}

const simulationsByTask = new Map<string, Promise<TaskSimulation>>();

export function getTaskSimulation(task: TaskDefinition): Promise<TaskSimulation> {
  let simulation = simulationsByTask.get(task.name);
  if (!simulation) {
    simulation = createTaskSimulation(task);
    simulationsByTask.set(task.name, simulation);
    // A failed load is not cached, so a later episode can try again.
    simulation.catch(() => simulationsByTask.delete(task.name));
  }
  return simulation;
}

async function createTaskSimulation(task: TaskDefinition): Promise<TaskSimulation> {
  const { mujoco, model, data } = await loadMjcf(task.sceneXml, task.name);
  if (Math.abs(model.opt.timestep - task.physicsTimestepS) > 1e-12) {
    throw new SceneTimestepMismatchError(
      `task ${task.name} expects a ${task.physicsTimestepS} s timestep, its scene has ${model.opt.timestep} s`,
    );
  }
  const substepsPerControlStep = Math.round(1 / (task.controlHz * task.physicsTimestepS));
  const binding = task.bindScene(mujoco, model);
  const idleData: MjData[] = [data];
  return {
    mujoco,
    model,
    binding,
    substepsPerControlStep,
    borrowData: () => idleData.pop() ?? new mujoco.MjData(model),
    returnData: (returned) => {
      idleData.push(returned);
    },
  };
}

import { openDrawerTask } from './open-drawer.ts';
import { pickPlaceTask } from './pick-place.ts';
import { pushCubeTask } from './push-cube.ts';
import { reachTask } from './reach.ts';
import { stackTask } from './stack.ts';
import type { TaskDefinition } from './task-definition.ts';

export type { TaskDefinition } from './task-definition.ts';

export class UnknownTaskError extends Error {
  override name = 'UnknownTaskError';
  constructor(
    readonly task: string,
    readonly knownTasks: readonly string[],
  ) {
    super(`unknown task "${task}"; known tasks: ${knownTasks.join(', ')}`);
  }
}

/** push-cube stays first: it was the only task before, and callers take the first as default. */
const tasksByName: ReadonlyMap<string, TaskDefinition> = new Map(
  [pushCubeTask, reachTask, pickPlaceTask, stackTask, openDrawerTask].map((task) => [
    task.name,
    task,
  ]),
);

export interface TaskSummary {
  readonly name: string;
  readonly instruction: string;
}

export function listTasks(): TaskSummary[] {
  return [...tasksByName.values()].map(({ name, instruction }) => ({ name, instruction }));
}

export function getTask(name: string): TaskDefinition {
  const task = tasksByName.get(name);
  if (!task) throw new UnknownTaskError(name, [...tasksByName.keys()]);
  return task;
}

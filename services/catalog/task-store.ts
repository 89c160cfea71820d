import type { Kysely } from 'kysely';
import type { Database, Task } from '../db/schema.ts';
import { FieldError } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import type { TaskView } from '../../contract/task-view.ts';
export type { TaskView };

export interface TaskInput {
  name: string;
  /** Name of the task in the sim/ catalog. */
  simTask: string;
  instruction: string;
}

/** Registers a task by name; idempotent for an identical definition, a conflict otherwise. */
export async function registerTask(
  db: Kysely<Database>,
  input: TaskInput,
): Promise<{ task: TaskView; created: boolean }> {
  const inserted = await db
    .insertInto('tasks')
    .values({
      id: newId('task'),
      name: input.name,
      sim_task: input.simTask,
      instruction: input.instruction,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  const stored = await db
    .selectFrom('tasks')
    .selectAll()
    .where('name', '=', input.name)
    .executeTakeFirstOrThrow();
  if (stored.sim_task !== input.simTask || stored.instruction !== input.instruction) {
    throw new FieldError('name', `a different task named "${input.name}" already exists`, 409);
  }
  return { task: toTaskView(stored), created: inserted !== undefined };
}

export async function listTasks(db: Kysely<Database>): Promise<TaskView[]> {
  const rows = await db.selectFrom('tasks').selectAll().orderBy('name').execute();
  return rows.map(toTaskView);
}

export function toTaskView(row: Task): TaskView {
  return {
    id: row.id,
    name: row.name,
    simTask: row.sim_task,
    instruction: row.instruction,
    createdAt: row.created_at,
  };
}

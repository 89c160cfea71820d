import { z } from 'zod';

/** A registered task: a named task of the simulator's catalog with its instruction. */
export const taskView = z.object({
  id: z.string(),
  name: z.string(),
  simTask: z.string().describe('Name of the task in the sim/ catalog.'),
  instruction: z.string(),
  createdAt: z.string(),
});
export type TaskView = z.infer<typeof taskView>;

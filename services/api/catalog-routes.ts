import { Router } from 'express';
import { listPolicies, registerPolicy } from '../catalog/policy-store.ts';
import { listTasks, registerTask } from '../catalog/task-store.ts';
import { FieldError } from '../errors.ts';
import type { AppDeps } from './create-app.ts';
import { parseBody } from './http-errors.ts';
import { policyRequest, taskRequest } from './request-schemas.ts';

/** Policies and tasks: register (idempotent by name) and list. */
export function catalogRoutes({ db, simCatalog }: AppDeps): Router {
  const router = Router();

  router.get('/policies', async (_req, res) => {
    res.json({ policies: await listPolicies(db) });
  });

  router.post('/policies', async (req, res) => {
    const body = parseBody(policyRequest, req.body);
    if (!simCatalog.policies.includes(body.builtin)) {
      throw new FieldError(
        'builtin',
        `unknown built-in policy; choose one of ${simCatalog.policies.join(', ')}`,
      );
    }
    const { policy, created } = await registerPolicy(db, body);
    res.status(created ? 201 : 200).json({ policy });
  });

  router.get('/tasks', async (_req, res) => {
    res.json({ tasks: await listTasks(db), simTasks: simCatalog.tasks });
  });

  router.post('/tasks', async (req, res) => {
    const body = parseBody(taskRequest, req.body);
    const simTask = simCatalog.tasks.find((t) => t.name === body.simTask);
    if (simTask === undefined) {
      throw new FieldError(
        'simTask',
        `unknown simulator task; choose one of ${simCatalog.tasks.map((t) => t.name).join(', ')}`,
      );
    }
    const { task, created } = await registerTask(db, {
      name: body.name,
      simTask: body.simTask,
      instruction: body.instruction ?? simTask.instruction,
    });
    res.status(created ? 201 : 200).json({ task });
  });

  return router;
}

import { Router } from 'express';
import { createBuiltinPolicy } from '../../sim/index.ts';
import { PolicyHealthChecker } from '../catalog/policy-health.ts';
import { getPolicy, listPolicies, registerPolicy } from '../catalog/policy-store.ts';
import { listTasks, registerTask } from '../catalog/task-store.ts';
import { FieldError } from '../errors.ts';
import type { AppDeps, SimCatalog } from './create-app.ts';
import { parseBody } from './http-errors.ts';
import { policyRequest, taskRequest } from './request-schemas.ts';

/** Policies and tasks: register (idempotent by name), list, and check a policy's health. */
export function catalogRoutes({ db, simCatalog }: AppDeps): Router {
  const router = Router();
  const health = new PolicyHealthChecker();

  router.get('/policies', async (_req, res) => {
    res.json({
      policies: await listPolicies(db),
      // What a registration may name, so a form offers exactly what the server accepts.
      builtins: simCatalog.policies,
      parameterisedBuiltin: simCatalog.parameterisedPolicy ?? null,
    });
  });

  router.post('/policies', async (req, res) => {
    const body = parseBody(policyRequest, req.body);
    checkBuiltin(simCatalog, body.builtin);
    const { policy, created } = await registerPolicy(db, body);
    res.status(created ? 201 : 200).json({ policy });
  });

  router.get('/policies/:ref/health', async (req, res) => {
    const policy = await getPolicy(db, req.params.ref);
    res.json({
      policy: { id: policy.id, name: policy.name },
      health: await health.check(policy.builtin),
    });
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

/** A built-in name the simulator offers, or its parameterised family with valid parameters. */
function checkBuiltin(simCatalog: SimCatalog, builtin: string): void {
  if (simCatalog.policies.includes(builtin)) return;
  const family = simCatalog.parameterisedPolicy;
  if (family !== undefined && (builtin === family || builtin.startsWith(`${family}?`))) {
    try {
      createBuiltinPolicy(builtin);
      return;
    } catch (error) {
      throw new FieldError('builtin', error instanceof Error ? error.message : String(error));
    }
  }
  const choices = [
    ...simCatalog.policies,
    ...(family === undefined ? [] : [`${family}?skill=0.5`]),
  ];
  throw new FieldError('builtin', `unknown built-in policy; choose one of ${choices.join(', ')}`);
}

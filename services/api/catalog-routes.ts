import { errorMessage } from '../../lib/error-message.ts';
import { Router } from 'express';
import { createBuiltinPolicy } from '../../sim/index.ts';
import { PolicyHealthChecker } from '../catalog/policy-health.ts';
import {
  checkEndpoint,
  EndpointNetworks,
  EndpointRefusedError,
  InvalidRemotePolicySpecError,
  validateRemotePolicySpec,
  type RemotePolicySpec,
} from '../../openpi/index.ts';
import {
  getPolicyRow,
  listPolicies,
  registerPolicy,
  runnablePolicy,
  type PolicyInput,
} from '../catalog/policy-store.ts';
import { listTasks, registerTask } from '../catalog/task-store.ts';
import { FieldError } from '../errors.ts';
import type { AppDeps, SimCatalog } from './create-app.ts';
import { parseBody } from './http-errors.ts';
import { policyRequest, taskRequest } from '../../contract/request-schemas.ts';

/** Policies and tasks: register (idempotent by name), list, and check a policy's health. */
export function catalogRoutes({ db, simCatalog, policyNetworks }: AppDeps): Router {
  const router = Router();
  const networks = policyNetworks ?? EndpointNetworks.publicOnly();
  const health = new PolicyHealthChecker(networks);

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
    let input: PolicyInput;
    if (body.kind === 'builtin') {
      checkBuiltin(simCatalog, body.builtin);
      input = body;
    } else {
      const { name, kind, endpoint, ...rest } = body;
      const remote = remoteSpec({ url: endpoint, ...rest });
      await checkRemoteEndpoint(remote.url, networks);
      input = { name, kind, remote };
    }
    const { policy, created } = await registerPolicy(db, input);
    res.status(created ? 201 : 200).json({ policy });
  });

  router.get('/policies/:ref/health', async (req, res) => {
    const row = await getPolicyRow(db, req.params.ref);
    res.json({
      policy: { id: row.id, name: row.name },
      health: await health.check(runnablePolicy(row.kind, row.config)),
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

/** The remote spec, or a 400 naming the request's field (`endpoint` for the spec's `url`). */
function remoteSpec(candidate: Record<string, unknown>): RemotePolicySpec {
  const defined = Object.fromEntries(
    Object.entries(candidate).filter(([, value]) => value !== undefined),
  );
  try {
    return validateRemotePolicySpec({ observation: 'arena', ...defined });
  } catch (error) {
    if (!(error instanceof InvalidRemotePolicySpecError)) throw error;
    throw new FieldError(error.field === 'url' ? 'endpoint' : error.field, error.problem);
  }
}

/** A 400 on `endpoint` naming why its address is refused (checked again at every connection). */
async function checkRemoteEndpoint(url: string, networks: EndpointNetworks): Promise<void> {
  try {
    await checkEndpoint(url, networks);
  } catch (error) {
    if (error instanceof EndpointRefusedError) throw new FieldError('endpoint', error.reason);
    throw error;
  }
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
      throw new FieldError('builtin', errorMessage(error));
    }
  }
  const choices = [
    ...simCatalog.policies,
    ...(family === undefined ? [] : [`${family}?skill=0.5`]),
  ];
  throw new FieldError('builtin', `unknown built-in policy; choose one of ${choices.join(', ')}`);
}

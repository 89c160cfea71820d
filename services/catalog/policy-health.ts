import { errorMessage } from '../../lib/error-message.ts';
import {
  checkOpenpiHealth,
  createRemotePolicy,
  type EndpointNetworks,
} from '../../openpi/index.ts';
import type { RunnablePolicy } from './policy-store.ts';
import {
  createBuiltinPolicy,
  listTasks,
  runEpisodeWithPolicy,
  type Policy,
} from '../../sim/index.ts';
import type { PolicyHealth } from '../../contract/policy-health.ts';
export type { PolicyHealth };

/** Long enough that a page polling every policy does not run episodes back to back. */
const defaultCacheMs = 30_000;
/** A built-in policy answers in microseconds; a slow answer is itself a failure. */
const builtinTimeoutMs = 2_000;
/** A remote one crosses the network and may run a large model on its first call. */
const remoteTimeoutMs = 10_000;

/**
 * Checks a policy for real by running one episode on the shortest task (about 0.1 s for a
 * built-in); a remote policy's server must first answer GET /healthz. Results are cached per
 * policy spec for a short while, and checks of the same spec in progress are shared.
 */
export class PolicyHealthChecker {
  private readonly cache = new Map<string, { at: number; result: Promise<PolicyHealth> }>();

  constructor(
    private readonly networks: EndpointNetworks,
    private readonly cacheMs = defaultCacheMs,
  ) {}

  check(policy: RunnablePolicy): Promise<PolicyHealth> {
    const key = JSON.stringify(policy);
    const cached = this.cache.get(key);
    if (cached !== undefined && Date.now() - cached.at < this.cacheMs) return cached.result;
    const result = runCheck(policy, this.networks);
    this.cache.set(key, { at: Date.now(), result });
    return result;
  }
}

async function runCheck(spec: RunnablePolicy, networks: EndpointNetworks): Promise<PolicyHealth> {
  const task = healthTask();
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    let policy: Policy;
    if (spec.kind === 'builtin') {
      policy = createBuiltinPolicy(spec.name);
    } else {
      const server = await checkOpenpiHealth(spec.spec.url, {
        ...(spec.spec.apiKey === undefined ? {} : { apiKey: spec.spec.apiKey }),
        timeoutMs: remoteTimeoutMs,
        networks,
      });
      if (!server.ok) throw new Error(server.error ?? 'the policy server is not healthy');
      policy = createRemotePolicy(spec.spec, { timeoutMs: remoteTimeoutMs, networks });
    }
    const outcome = await runEpisodeWithPolicy(task, 0, policy, {
      policyTimeoutMs: spec.kind === 'builtin' ? builtinTimeoutMs : remoteTimeoutMs,
    });
    // A time limit or a failed task is a working policy; an error or diverged physics is not.
    const broken =
      outcome.termination === 'policy-error' || outcome.termination === 'physics-diverged';
    return {
      ok: !broken,
      latencyMs: elapsed(),
      task,
      steps: outcome.steps,
      success: outcome.success,
      error: broken ? (outcome.error ?? outcome.termination) : null,
      checkedAt,
    };
  } catch (error) {
    return {
      ok: false,
      latencyMs: elapsed(),
      task,
      steps: null,
      success: null,
      error: errorMessage(error),
      checkedAt,
    };
  }
}

/** `reach` when the simulator has it (the shortest episodes), else its first task. */
function healthTask(): string {
  const tasks = listTasks();
  return (tasks.find((t) => t.name === 'reach') ?? tasks[0]!).name;
}

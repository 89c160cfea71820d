import { createBuiltinPolicy, listTasks, runEpisodeWithPolicy } from '../../sim/index.ts';

export interface PolicyHealth {
  ok: boolean;
  /** Wall time of the check: creating the policy and running one episode, milliseconds. */
  latencyMs: number;
  /** The task and what the episode did, so "ok" is backed by something visible. */
  task: string;
  steps: number | null;
  success: boolean | null;
  error: string | null;
  checkedAt: string;
}

/** Long enough that a page polling every policy does not run episodes back to back. */
const defaultCacheMs = 30_000;
/** A built-in policy answers in microseconds; a slow answer is itself a failure. */
const policyTimeoutMs = 2_000;

/**
 * Checks a built-in policy for real: creates it with the sim library and runs one episode on the
 * shortest task (about 0.1 s). Results are cached per policy spec for a short while, and checks
 * of the same spec in progress are shared.
 */
export class PolicyHealthChecker {
  private readonly cache = new Map<string, { at: number; result: Promise<PolicyHealth> }>();

  constructor(private readonly cacheMs = defaultCacheMs) {}

  check(builtin: string): Promise<PolicyHealth> {
    const cached = this.cache.get(builtin);
    if (cached !== undefined && Date.now() - cached.at < this.cacheMs) return cached.result;
    const result = runCheck(builtin);
    this.cache.set(builtin, { at: Date.now(), result });
    return result;
  }
}

async function runCheck(builtin: string): Promise<PolicyHealth> {
  const task = healthTask();
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const policy = createBuiltinPolicy(builtin);
    const outcome = await runEpisodeWithPolicy(task, 0, policy, { policyTimeoutMs });
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
      error: error instanceof Error ? error.message : String(error),
      checkedAt,
    };
  }
}

/** `reach` when the simulator has it (the shortest episodes), else its first task. */
function healthTask(): string {
  const tasks = listTasks();
  return (tasks.find((t) => t.name === 'reach') ?? tasks[0]!).name;
}

import type { Perturbation } from '../perturbations/perturbation.ts';
import { runEpisode } from '../run-episode.ts';
import { wilsonInterval } from './wilson-interval.ts';

export interface PolicyEvaluation {
  readonly policy: string;
  readonly episodes: number;
  readonly successes: number;
  readonly successRate: number;
  /** 95% Wilson interval of the success rate. */
  readonly successInterval: readonly [number, number];
  readonly meanProgress: number;
  readonly meanWallMsPerEpisode: number;
  /** Episodes that ended in a policy or physics error. */
  readonly errors: number;
}

/**
 * Runs each policy on seeds 0…episodes-1 of one task (the same seeds for every policy, so the
 * comparison is paired) and summarises the outcomes.
 */
export async function evaluatePolicies(
  task: string,
  policies: readonly string[],
  episodes: number,
  options: { perturbation?: Perturbation; onEpisode?: (done: number, total: number) => void } = {},
): Promise<PolicyEvaluation[]> {
  const results: PolicyEvaluation[] = [];
  let done = 0;
  for (const policy of policies) {
    let successes = 0;
    let progressSum = 0;
    let errors = 0;
    const startedAt = performance.now();
    for (let seed = 0; seed < episodes; seed += 1) {
      const outcome = await runEpisode({ task, seed, policy, perturbation: options.perturbation });
      if (outcome.success) successes += 1;
      if (outcome.error !== null) errors += 1;
      progressSum += outcome.progress;
      done += 1;
      options.onEpisode?.(done, policies.length * episodes);
    }
    results.push({
      policy,
      episodes,
      successes,
      successRate: successes / episodes,
      successInterval: wilsonInterval(successes, episodes),
      meanProgress: progressSum / episodes,
      meanWallMsPerEpisode: (performance.now() - startedAt) / episodes,
      errors,
    });
  }
  return results;
}

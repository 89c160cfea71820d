import { setImmediate as nextEventLoopTurn } from 'node:timers/promises';
import { callPolicy } from './episode/call-policy.ts';
import type {
  EpisodeOutcome,
  EpisodeSpec,
  EpisodeTermination,
  RunEpisodeOptions,
} from './episode/episode-outcome.ts';
import { checkPolicyOutput } from './episode/policy-output-check.ts';
import { defaultActionMode } from './observation.ts';
import { createBuiltinPolicy } from './policies/index.ts';
import type { Policy } from './policies/policy.ts';
import type { Observation } from './observation.ts';
import type { CameraRequest } from './render/camera-request.ts';
import {
  PhysicsDivergedError,
  startSteppedEpisode,
  type SteppedEpisode,
} from './stepped-episode.ts';
import { getTask } from './tasks/index.ts';

export type { EpisodeOutcome, EpisodeSpec, RunEpisodeOptions } from './episode/episode-outcome.ts';

export { InvalidSeedError } from './stepped-episode.ts';

/** About 10 ms of stepping between yields. */
const defaultYieldEverySteps = 20;
const defaultPolicyTimeoutMs = 10_000;

/**
 * Runs one episode of a built-in policy. Throws only for an unknown task or policy, a bad seed
 * or an invalid perturbation (InvalidPerturbationError): those are the caller's mistakes.
 */
export async function runEpisode(
  spec: EpisodeSpec,
  options: RunEpisodeOptions = {},
): Promise<EpisodeOutcome> {
  getTask(spec.task);
  return runEpisodeWithPolicy(spec.task, spec.seed, createBuiltinPolicy(spec.policy), {
    ...options,
    perturbation: spec.perturbation ?? options.perturbation,
  });
}

/**
 * Runs `policy` from the initial state that (task, seed, perturbation) determines. A policy that
 * throws, times out, or returns a malformed or non-finite action ends the episode as a failure;
 * it never throws.
 */
export async function runEpisodeWithPolicy(
  taskName: string,
  seed: number,
  policy: Policy,
  options: RunEpisodeOptions = {},
): Promise<EpisodeOutcome> {
  const yieldEverySteps = Math.max(
    1,
    Math.floor(options.yieldEverySteps ?? defaultYieldEverySteps),
  );
  const timeoutMs = options.policyTimeoutMs ?? defaultPolicyTimeoutMs;
  const episode = await startSteppedEpisode(taskName, seed, {
    perturbation: options.perturbation,
    record: options.record,
  });
  try {
    const stepsToMs = (count: number): number => (count / episode.controlHz) * 1000;
    const outcome = (termination: EpisodeTermination, error: string | null): EpisodeOutcome => {
      const success = termination === 'success';
      const trajectory = episode.trajectory();
      return {
        success,
        progress: error === null ? episode.progress() : 0,
        steps: episode.steps,
        durationMs: stepsToMs(episode.steps),
        error,
        termination,
        timeToSuccessMs: success ? stepsToMs(episode.steps) : null,
        endEffectorPathLengthM: episode.pathLengthM,
        peakContactForceN: episode.peakContactForceN,
        perturbation: episode.perturbation,
        finalState: episode.world,
        ...(trajectory === undefined ? {} : { trajectory }),
      };
    };

    const context = {
      task: episode.task,
      instruction: episode.instruction,
      controlHz: episode.controlHz,
      actionBounds: episode.actionBounds,
    };
    const reset = await callPolicy('reset', () => policy.reset(seed, context), timeoutMs);
    if (reset.problem !== null) return outcome('policy-error', reset.problem);
    const executeSteps = Math.max(1, Math.floor(policy.executeSteps ?? Infinity));
    const pending: number[][] = [];
    for (;;) {
      if (episode.isSuccess()) return outcome('success', null);
      if (episode.steps >= episode.timeLimitSteps) return outcome('time-limit', null);
      if (pending.length === 0) {
        // A deep copy: a policy that scribbles on its observation cannot change what is judged.
        const observation = withImages(episode, policy.cameras);
        if (typeof observation === 'string') return outcome('policy-error', observation);
        const act = await callPolicy('act', () => policy.act(observation), timeoutMs);
        if (act.problem !== null) return outcome('policy-error', act.problem);
        const checked = checkPolicyOutput(act.value, policy.actionMode ?? defaultActionMode);
        if (checked.problem !== null) return outcome('policy-error', checked.problem);
        pending.push(...checked.rows.slice(0, executeSteps));
      }
      try {
        episode.step(pending.shift() ?? [], policy.actionMode ?? defaultActionMode);
      } catch (error) {
        if (error instanceof PhysicsDivergedError)
          return outcome('physics-diverged', error.message);
        throw error;
      }
      if (episode.steps % yieldEverySteps === 0) await nextEventLoopTurn();
    }
  } finally {
    episode.close();
    // Bounded like any policy call, and its problems ignored: the outcome is already decided.
    if (policy.dispose !== undefined) {
      await callPolicy('dispose', () => policy.dispose?.(), timeoutMs);
    }
  }
}

/** The observation with the policy's camera images, or why they cannot be rendered. */
function withImages(
  episode: SteppedEpisode,
  cameras: CameraRequest | undefined,
): Observation | string {
  const observation = episode.observation();
  if (cameras === undefined) return observation;
  try {
    return { ...observation, images: episode.renderImages(cameras) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `the policy's cameras cannot be rendered: ${reason}`;
  }
}

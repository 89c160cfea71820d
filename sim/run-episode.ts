import { setImmediate as nextEventLoopTurn } from 'node:timers/promises';
import { checkAction, writeClampedAction } from './action-check.ts';
import { float64View } from './mujoco-runtime.ts';
import type { Observation, WorldSnapshot } from './observation.ts';
import { createBuiltinPolicy } from './policies/index.ts';
import type { Policy } from './policies/policy.ts';
import { getTaskSimulation } from './task-simulation.ts';
import { getTask } from './tasks/index.ts';

export interface EpisodeSpec {
  task: string;
  seed: number;
  /** A built-in policy name (see builtinPolicyNames). */
  policy: string;
}

export interface EpisodeOutcome {
  success: boolean;
  /** Task progress in [0, 1] at the end; 0 whenever `error` is set. */
  progress: number;
  /** Control steps executed. */
  steps: number;
  /** Simulated time, not wall time. */
  durationMs: number;
  /** Why the episode was cut short by the policy or the physics, or null. */
  error: string | null;
  finalState?: WorldSnapshot;
}

export interface RunEpisodeOptions {
  /** Control steps between yields to the event loop (so e.g. BullMQ lock renewal can run). */
  yieldEverySteps?: number;
}

export class InvalidSeedError extends Error {
  override name = 'InvalidSeedError';
  constructor(readonly seed: number) {
    super(`episode seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

/** About 10 ms of stepping between yields. */
const defaultYieldEverySteps = 20;
const maxSeedExclusive = 2 ** 32;

/** Runs one episode of a built-in policy. Throws only for an unknown task or policy or a bad seed. */
export async function runEpisode(
  spec: EpisodeSpec,
  options: RunEpisodeOptions = {},
): Promise<EpisodeOutcome> {
  getTask(spec.task);
  return runEpisodeWithPolicy(spec.task, spec.seed, createBuiltinPolicy(spec.policy), options);
}

/**
 * Runs `policy` from the initial state that (task, seed) determines. A policy that throws, or
 * returns a malformed or non-finite action, ends the episode as a failure; it never throws.
 */
export async function runEpisodeWithPolicy(
  taskName: string,
  seed: number,
  policy: Policy,
  options: RunEpisodeOptions = {},
): Promise<EpisodeOutcome> {
  const task = getTask(taskName);
  if (!Number.isInteger(seed) || seed < 0 || seed >= maxSeedExclusive)
    throw new InvalidSeedError(seed);
  const yieldEverySteps = Math.max(
    1,
    Math.floor(options.yieldEverySteps ?? defaultYieldEverySteps),
  );
  const simulation = await getTaskSimulation(task);
  const { mujoco, model, binding } = simulation;
  const data = simulation.borrowData();
  try {
    binding.applyInitialState(data, task.sampleInitialState(seed));
    const initialWorld = binding.readWorld(data);
    let world = initialWorld;
    let steps = 0;
    const outcome = (error: string | null): EpisodeOutcome => ({
      success: error === null && task.isSuccess(world),
      progress: error === null ? task.progress(world, initialWorld) : 0,
      steps,
      durationMs: (steps / task.controlHz) * 1000,
      error,
      finalState: world,
    });

    const resetProblem = attempt(() => policy.reset(seed));
    if (resetProblem !== null) return outcome(`policy reset threw: ${resetProblem}`);
    while (steps < task.timeLimitSteps && !task.isSuccess(world)) {
      // A deep copy: a policy that scribbles on its observation cannot change what is judged.
      const observation: Observation = {
        ...structuredClone(world),
        instruction: task.instruction,
        step: steps,
        actionBounds: task.actionBounds,
      };
      let action: unknown;
      const actProblem = attempt(() => {
        action = policy.act(observation);
      });
      if (actProblem !== null) return outcome(`policy threw: ${actProblem}`);
      const checked = checkAction(action, binding.actuatorCount);
      if (checked.problem !== null) return outcome(checked.problem);
      writeClampedAction(checked.action, task.actionBounds, float64View(data.ctrl, 'ctrl'));
      for (let substep = 0; substep < simulation.substepsPerControlStep; substep += 1) {
        mujoco.mj_step(model, data);
      }
      steps += 1;
      world = binding.readWorld(data);
      if (!isFiniteWorld(world)) return outcome('physics diverged (non-finite state)');
      if (steps % yieldEverySteps === 0) await nextEventLoopTurn();
    }
    return outcome(null);
  } finally {
    simulation.returnData(data);
  }
}

function attempt(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

function isFiniteWorld(world: WorldSnapshot): boolean {
  const numbers = [
    ...world.jointPositionsRad,
    ...world.jointVelocitiesRadS,
    ...world.endEffectorPosition,
    ...Object.values(world.objectPositions).flat(),
    ...Object.values(world.objectVelocities).flat(),
  ];
  return numbers.every(Number.isFinite);
}

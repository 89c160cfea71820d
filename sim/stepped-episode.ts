/**
 * An episode driven one control step at a time from outside, for callers that own the control
 * loop themselves (a simulated robot standing in for a real one). `runEpisodeWithPolicy` stays the
 * way to run a whole episode of a `Policy`; this shares its scene, initial state and servo model.
 */
import { CommandDelayLine } from './episode/command-line.ts';
import { isFiniteWorld, servoCommandFor } from './episode/servo-command.ts';
import { checkPolicyOutput } from './episode/policy-output-check.ts';
import type { ActionBounds, ActionMode, Observation, WorldSnapshot } from './observation.ts';
import type { Perturbation, ResolvedPerturbation } from './perturbations/perturbation.ts';
import { resolvePerturbation } from './perturbations/validate-perturbation.ts';
import { InvalidSeedError } from './run-episode.ts';
import { gripperCommandForOpening } from './scenes/arm-geometry.ts';
import { getTaskSimulation } from './task-simulation.ts';
import { getTask } from './tasks/index.ts';

/** An action that cannot be executed: wrong length or a non-finite value. */
export class InvalidActionError extends Error {
  override name = 'InvalidActionError';
}

/** The simulated state stopped being finite; the episode cannot go on. */
export class PhysicsDivergedError extends Error {
  override name = 'PhysicsDivergedError';
}

export interface SteppedEpisodeOptions {
  /** Changes to the scene and dynamics, as for runEpisode. */
  perturbation?: Perturbation;
}

export interface SteppedEpisode {
  readonly task: string;
  readonly instruction: string;
  readonly controlHz: number;
  readonly actionBounds: ActionBounds;
  /** The task's own episode length, in control steps (callers may run past it). */
  readonly timeLimitSteps: number;
  readonly perturbation: ResolvedPerturbation;
  /** Control steps executed so far. */
  readonly steps: number;
  /** A fresh copy of the current state, as a policy would receive it. */
  observation(): Observation;
  /**
   * Executes one action (six arm values and a gripper command, read as `mode` says) for one
   * control step. Throws InvalidActionError for a malformed action and PhysicsDivergedError when
   * the physics blows up; after either, the episode only accepts `close()`.
   */
  step(action: readonly number[], mode: ActionMode): void;
  /** Whether the task's success predicate holds now. */
  isSuccess(): boolean;
  /** Task progress in [0, 1] relative to the initial state. */
  progress(): number;
  /** Returns the simulator state to its pool. Idempotent. */
  close(): void;
}

const maxSeedExclusive = 2 ** 32;

/**
 * Starts an episode of `taskName` from the initial state (seed, perturbation) determines: the
 * same state `runEpisodeWithPolicy` starts from. Throws UnknownTaskError, InvalidSeedError or
 * InvalidPerturbationError for the caller's mistakes.
 */
export async function startSteppedEpisode(
  taskName: string,
  seed: number,
  options: SteppedEpisodeOptions = {},
): Promise<SteppedEpisode> {
  const task = getTask(taskName);
  if (!Number.isInteger(seed) || seed < 0 || seed >= maxSeedExclusive)
    throw new InvalidSeedError(seed);
  const perturbation = resolvePerturbation(options.perturbation ?? {});
  const simulation = await getTaskSimulation(task, perturbation);
  const { mujoco, model, binding } = simulation;
  const data = simulation.borrowData();
  const initialState = task.sampleInitialState(seed, perturbation);
  binding.applyInitialState(data, initialState);
  const initialWorld = binding.readWorld(data);
  const delayLine = new CommandDelayLine(perturbation.actuatorLatencySteps, {
    jointTargetsRad: initialState.armJointPositionsRad,
    gripperCommand: gripperCommandForOpening(initialState.gripperOpeningM),
  });
  let world: WorldSnapshot = initialWorld;
  let steps = 0;
  let state: 'running' | 'broken' | 'closed' = 'running';

  return {
    task: task.name,
    instruction: task.instruction,
    controlHz: task.controlHz,
    actionBounds: task.actionBounds,
    timeLimitSteps: task.timeLimitSteps,
    perturbation,
    get steps() {
      return steps;
    },
    observation: () => ({
      ...structuredClone(world),
      instruction: task.instruction,
      step: steps,
      actionBounds: task.actionBounds,
    }),
    step(action, mode) {
      if (state !== 'running') {
        throw new Error(`the episode is ${state === 'closed' ? 'closed' : 'over'}: cannot step`);
      }
      const checked = checkPolicyOutput(action, binding.actionLength);
      const row = checked.rows?.length === 1 ? checked.rows[0] : undefined;
      if (row === undefined) {
        throw new InvalidActionError(checked.problem ?? 'expected one action, got a chunk');
      }
      const applied = delayLine.push(servoCommandFor(row, mode, world, simulation, data));
      binding.writeControl(data, applied.jointTargetsRad, applied.gripperCommand);
      for (let substep = 0; substep < simulation.substepsPerControlStep; substep += 1) {
        mujoco.mj_step(model, data);
      }
      steps += 1;
      world = binding.readWorld(data);
      if (!isFiniteWorld(world)) {
        state = 'broken';
        throw new PhysicsDivergedError('physics diverged (non-finite state)');
      }
    },
    isSuccess: () => task.isSuccess(world),
    progress: () => task.progress(world, initialWorld),
    close() {
      if (state === 'closed') return;
      state = 'closed';
      simulation.returnData(data);
    },
  };
}

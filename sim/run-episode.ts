import { setImmediate as nextEventLoopTurn } from 'node:timers/promises';
import { callPolicy } from './episode/call-policy.ts';
import { CommandDelayLine } from './episode/command-line.ts';
import { isFiniteWorld, servoCommandFor } from './episode/servo-command.ts';
import type {
  EpisodeOutcome,
  EpisodeSpec,
  EpisodeTermination,
  RunEpisodeOptions,
} from './episode/episode-outcome.ts';
import { createRobotContactForceReader } from './episode/peak-contact-force.ts';
import { checkPolicyOutput } from './episode/policy-output-check.ts';
import { gripperCommandForOpening } from './scenes/arm-geometry.ts';
import type { Observation } from './observation.ts';
import { resolvePerturbation } from './perturbations/validate-perturbation.ts';
import { createBuiltinPolicy } from './policies/index.ts';
import type { Policy } from './policies/policy.ts';
import { getTaskSimulation } from './task-simulation.ts';
import { getTask } from './tasks/index.ts';
import { TrajectoryRecorder } from './trajectory/trajectory-recorder.ts';

export type { EpisodeOutcome, EpisodeSpec, RunEpisodeOptions } from './episode/episode-outcome.ts';

export class InvalidSeedError extends Error {
  override name = 'InvalidSeedError';
  constructor(readonly seed: number) {
    super(`episode seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

/** About 10 ms of stepping between yields. */
const defaultYieldEverySteps = 20;
const defaultPolicyTimeoutMs = 10_000;
const maxSeedExclusive = 2 ** 32;

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
  const task = getTask(taskName);
  if (!Number.isInteger(seed) || seed < 0 || seed >= maxSeedExclusive)
    throw new InvalidSeedError(seed);
  const perturbation = resolvePerturbation(options.perturbation ?? {});
  const yieldEverySteps = Math.max(
    1,
    Math.floor(options.yieldEverySteps ?? defaultYieldEverySteps),
  );
  const timeoutMs = options.policyTimeoutMs ?? defaultPolicyTimeoutMs;
  const simulation = await getTaskSimulation(task, perturbation);
  const { mujoco, model, binding } = simulation;
  const contactForce = createRobotContactForceReader(mujoco, model, binding.robotBodyIds);
  const data = simulation.borrowData();
  try {
    const initialState = task.sampleInitialState(seed, perturbation);
    binding.applyInitialState(data, initialState);
    const initialWorld = binding.readWorld(data);
    const recorder = options.record
      ? new TrajectoryRecorder(mujoco, model, {
          task: task.name,
          seed,
          frameHz: task.controlHz,
          perturbation,
        })
      : null;
    recorder?.capture(data);
    let world = initialWorld;
    let steps = 0;
    let pathLengthM = 0;
    let peakContactForceN = 0;
    const outcome = (termination: EpisodeTermination, error: string | null): EpisodeOutcome => {
      const success = termination === 'success';
      return {
        success,
        progress: error === null ? task.progress(world, initialWorld) : 0,
        steps,
        durationMs: stepsToMs(steps),
        error,
        termination,
        timeToSuccessMs: success ? stepsToMs(steps) : null,
        endEffectorPathLengthM: pathLengthM,
        peakContactForceN,
        perturbation,
        finalState: world,
        ...(recorder ? { trajectory: recorder.finish() } : {}),
      };
    };
    const stepsToMs = (count: number): number => (count / task.controlHz) * 1000;

    const context = {
      task: task.name,
      instruction: task.instruction,
      controlHz: task.controlHz,
      actionBounds: task.actionBounds,
    };
    const reset = await callPolicy('reset', () => policy.reset(seed, context), timeoutMs);
    if (reset.problem !== null) return outcome('policy-error', reset.problem);
    const executeSteps = Math.max(1, Math.floor(policy.executeSteps ?? Infinity));
    const delayLine = new CommandDelayLine(perturbation.actuatorLatencySteps, {
      jointTargetsRad: initialState.armJointPositionsRad,
      gripperCommand: gripperCommandForOpening(initialState.gripperOpeningM),
    });
    const pending: number[][] = [];
    for (;;) {
      if (task.isSuccess(world)) return outcome('success', null);
      if (steps >= task.timeLimitSteps) return outcome('time-limit', null);
      if (pending.length === 0) {
        // A deep copy: a policy that scribbles on its observation cannot change what is judged.
        const observation: Observation = {
          ...structuredClone(world),
          instruction: task.instruction,
          step: steps,
          actionBounds: task.actionBounds,
        };
        const act = await callPolicy('act', () => policy.act(observation), timeoutMs);
        if (act.problem !== null) return outcome('policy-error', act.problem);
        const checked = checkPolicyOutput(act.value, binding.actionLength);
        if (checked.problem !== null) return outcome('policy-error', checked.problem);
        pending.push(...checked.rows.slice(0, executeSteps));
      }
      const row = pending.shift() ?? [];
      const command = servoCommandFor(row, policy.actionMode ?? 'joint', world, simulation, data);
      const applied = delayLine.push(command);
      binding.writeControl(data, applied.jointTargetsRad, applied.gripperCommand);
      for (let substep = 0; substep < simulation.substepsPerControlStep; substep += 1) {
        mujoco.mj_step(model, data);
      }
      steps += 1;
      const previous = world.endEffectorPosition;
      world = binding.readWorld(data);
      if (!isFiniteWorld(world))
        return outcome('physics-diverged', 'physics diverged (non-finite state)');
      const [x, y, z] = world.endEffectorPosition;
      pathLengthM += Math.hypot(x - previous[0], y - previous[1], z - previous[2]);
      peakContactForceN = Math.max(peakContactForceN, contactForce.read(data));
      recorder?.capture(data);
      if (steps % yieldEverySteps === 0) await nextEventLoopTurn();
    }
  } finally {
    contactForce.dispose();
    simulation.returnData(data);
    // Bounded like any policy call, and its problems ignored: the outcome is already decided.
    if (policy.dispose !== undefined) {
      await callPolicy('dispose', () => policy.dispose?.(), timeoutMs);
    }
  }
}

/**
 * An episode driven one control step at a time: the scene, the initial state drawn from the seed,
 * the servo model and the episode's measurements. `runEpisodeWithPolicy` drives one with a
 * `Policy`; a simulated robot standing in for a real one drives one from a station's loop.
 */
import { CommandDelayLine, type ServoCommand } from './episode/command-line.ts';
import { createRobotContactForceReader } from './episode/peak-contact-force.ts';
import { isFiniteWorld, servoCommandFor } from './episode/servo-command.ts';
import { checkPolicyOutput } from './episode/policy-output-check.ts';
import type { ActionBounds, ActionMode, Observation, WorldSnapshot } from './observation.ts';
import type { Perturbation, ResolvedPerturbation } from './perturbations/perturbation.ts';
import { resolvePerturbation } from './perturbations/validate-perturbation.ts';
import {
  renderCameraImages,
  type CameraImages,
  type CameraRequest,
} from './render/camera-request.ts';
import { SceneRenderer } from './render/scene-renderer.ts';
import { gripperCommandForOpening } from './scenes/arm-geometry.ts';
import { getTaskSimulation } from './task-simulation.ts';
import { getTask } from './tasks/index.ts';
import type { Trajectory } from './trajectory/trajectory.ts';
import { TrajectoryRecorder } from './trajectory/trajectory-recorder.ts';

export class InvalidSeedError extends Error {
  override name = 'InvalidSeedError';
  constructor(readonly seed: number) {
    super(`episode seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

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
  perturbation?: Perturbation | undefined;
  /** Record body poses at every control step, for `trajectory()`. */
  record?: boolean | undefined;
}

export interface SteppedEpisode {
  readonly task: string;
  readonly instruction: string;
  readonly controlHz: number;
  readonly actionBounds: ActionBounds;
  /**
   * Values per action row as the servos take it: seven arm values and the gripper command
   * (`step` also takes an ee-delta row of six and the gripper; see actionWidth).
   */
  readonly actionLength: number;
  /** The task's own episode length, in control steps (callers may run past it). */
  readonly timeLimitSteps: number;
  readonly perturbation: ResolvedPerturbation;
  /** Control steps executed so far. */
  readonly steps: number;
  /** The current state (not a copy: do not change it). */
  readonly world: WorldSnapshot;
  /** Distance the grip point has travelled, metres. */
  readonly pathLengthM: number;
  /** Largest normal force of a contact touching the robot, sampled per control step, newtons. */
  readonly peakContactForceN: number;
  /** A fresh copy of the current state, as a policy would receive it. */
  observation(): Observation;
  /**
   * The requested cameras' pictures of the current state. Throws InvalidCameraRequestError or
   * UnknownCameraError for a request the scene cannot satisfy.
   */
  renderImages(request: CameraRequest): CameraImages;
  /**
   * Executes one action (seven arm values and a gripper command, read as `mode` says) for one
   * control step. Throws InvalidActionError for a malformed action and PhysicsDivergedError when
   * the physics blows up; after either, the episode only accepts `close()`.
   */
  step(action: readonly number[], mode: ActionMode): void;
  /** Whether the task's success predicate holds now. */
  isSuccess(): boolean;
  /** Task progress in [0, 1] relative to the initial state. */
  progress(): number;
  /** The recorded frames so far; undefined unless started with `record`. */
  trajectory(): Trajectory | undefined;
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
  const contactForce = createRobotContactForceReader(mujoco, model, binding.robotBodyIds);
  const data = simulation.borrowData();
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
  const startingCommand: ServoCommand = {
    jointTargetsRad: initialState.armJointPositionsRad,
    gripperCommand: gripperCommandForOpening(initialState.gripperOpeningM),
  };
  const delayLine = new CommandDelayLine(perturbation.actuatorLatencySteps, startingCommand);
  /** The last command issued (before any latency): what joint velocities integrate from. */
  let issued = startingCommand;
  let world: WorldSnapshot = initialWorld;
  let steps = 0;
  let pathLengthM = 0;
  let peakContactForceN = 0;
  let state: 'running' | 'broken' | 'closed' = 'running';
  // Built on the first render: an episode whose policy sees no images never pays for one.
  let renderer: SceneRenderer | null = null;

  return {
    task: task.name,
    instruction: task.instruction,
    controlHz: task.controlHz,
    actionBounds: task.actionBounds,
    actionLength: binding.actionLength,
    timeLimitSteps: task.timeLimitSteps,
    perturbation,
    get steps() {
      return steps;
    },
    get world() {
      return world;
    },
    get pathLengthM() {
      return pathLengthM;
    },
    get peakContactForceN() {
      return peakContactForceN;
    },
    observation: () => ({
      ...structuredClone(world),
      instruction: task.instruction,
      step: steps,
      actionBounds: task.actionBounds,
    }),
    renderImages(request) {
      if (state === 'closed') throw new Error('the episode is closed: cannot render');
      renderer ??= new SceneRenderer(mujoco, model);
      return renderCameraImages(renderer, data, request);
    },
    step(action, mode) {
      if (state !== 'running') {
        throw new Error(`the episode is ${state === 'closed' ? 'closed' : 'over'}: cannot step`);
      }
      const checked = checkPolicyOutput(action, mode);
      const row = checked.rows?.length === 1 ? checked.rows[0] : undefined;
      if (row === undefined) {
        throw new InvalidActionError(checked.problem ?? 'expected one action, got a chunk');
      }
      issued = servoCommandFor(row, mode, world, issued, 1 / task.controlHz, simulation, data);
      const applied = delayLine.push(issued);
      binding.writeControl(data, applied.jointTargetsRad, applied.gripperCommand);
      for (let substep = 0; substep < simulation.substepsPerControlStep; substep += 1) {
        mujoco.mj_step(model, data);
      }
      steps += 1;
      const previous = world.endEffectorPosition;
      world = binding.readWorld(data);
      if (!isFiniteWorld(world)) {
        state = 'broken';
        throw new PhysicsDivergedError('physics diverged (non-finite state)');
      }
      const [x, y, z] = world.endEffectorPosition;
      pathLengthM += Math.hypot(x - previous[0], y - previous[1], z - previous[2]);
      peakContactForceN = Math.max(peakContactForceN, contactForce.read(data));
      recorder?.capture(data);
    },
    isSuccess: () => task.isSuccess(world),
    progress: () => task.progress(world, initialWorld),
    trajectory: () => recorder?.finish(),
    close() {
      if (state === 'closed') return;
      state = 'closed';
      contactForce.dispose();
      simulation.returnData(data);
    },
  };
}

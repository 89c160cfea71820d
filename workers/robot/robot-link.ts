import type { EpisodeSide } from '../../contract/literals.ts';
import type { ControlClock } from './control-clock.ts';

/** What a robot link learns about the episode it is about to run. */
export interface RobotEpisode {
  comparisonId: string;
  side: EpisodeSide;
  /** The task as the evaluator set it up; `instruction` becomes the observation's `prompt`. */
  task: { name: string; instruction: string };
  /**
   * The policy server's metadata (the openpi handshake map), for links whose action layout
   * depends on the policy. Never names the policy: it comes through the services' relay.
   */
  policyMetadata: Readonly<Record<string, unknown>>;
}

/**
 * The seam between a station and its robot. The station's episode loop calls, at `controlHz`:
 * `observe()`, and when it has an action, `command(action)`; and `hold()` whenever an episode
 * ends, however it ends. A link never decides when an episode ends; it only reports faults by
 * rejecting.
 *
 * Implementations: `Ros2RobotLink` (a real robot over ROS 2) and `SimulatedRobotLink` (MuJoCo
 * standing in for the robot where there is none, for tests and demos).
 */
export interface RobotLink {
  /** Rate of the control loop, Hz; read after `begin()`, so it may depend on the episode. */
  readonly controlHz: number;
  /** Numbers per action row this robot accepts; a policy sending another length has failed. */
  readonly actionLength: number;
  /**
   * The clock the control loop runs on. Absent means the wall clock; a simulated robot running
   * faster than real time supplies its own.
   */
  readonly clock?: ControlClock;
  /**
   * Prepares an episode: the evaluator has set up the scene and pressed start. Rejects when the
   * robot cannot run (not connected, faulted).
   */
  begin(episode: RobotEpisode): Promise<void>;
  /**
   * The current observation as an openpi observation map, already keyed for the policy (e.g.
   * `observation/joint_position` as a float32 array, camera images, `prompt`).
   */
  observe(): Promise<Record<string, unknown>>;
  /** Sends one action row to the robot. Rejects on a robot fault. */
  command(action: readonly number[]): Promise<void>;
  /** Makes the robot keep still where it is. Safe to call at any time, more than once. */
  hold(): Promise<void>;
  /** Releases the robot connection. Idempotent. */
  close(): Promise<void>;
  /** What the link puts in observations: the station announces it so services can check. */
  readonly observationLayout: { arenaLayout: boolean; keys: readonly string[] };
  /**
   * Columns of each row of the policy's actions that make this robot's action, read after
   * `begin()`; unset means rows are exactly `actionLength` long.
   */
  readonly actionColumns?: readonly number[] | undefined;
  /**
   * The robot's latest measured state, for the episode's recording; undefined when there is none
   * to trust (no fresh joint states). Never throws.
   */
  recordedState?(): RecordedRobotState | undefined;
}

/** What a recording keeps of the robot at each step. */
export interface RecordedRobotState {
  /** Arm joint positions, radians, in action order. */
  positions: number[];
  /** Gripper closedness, 0 open to 1 closed. */
  gripper: number;
}

/** The robot failed: lost connection, a fault reported by its driver, no state arriving. */
export class RobotFaultError extends Error {
  override name = 'RobotFaultError';
}

import type { Action, ActionBounds, ActionChunk, ActionMode, Observation } from '../observation.ts';
import type { CameraRequest } from '../render/camera-request.ts';

export type { Action, ActionChunk, ActionMode, Observation };

/** What a policy learns about the episode it is about to run. */
export interface EpisodeContext {
  readonly task: string;
  readonly instruction: string;
  readonly controlHz: number;
  readonly actionBounds: ActionBounds;
}

/** One action, or a chunk of H actions (H × 8) to execute one per control step. */
export type PolicyOutput = Action | ActionChunk;

/**
 * A controller run at the task's control rate. `reset` starts an episode; a policy with
 * randomness must draw it only from `seed` so an episode can be replayed exactly. Either method
 * may return a promise (a remote policy); the runner waits up to its timeout.
 */
export interface Policy {
  /** How the seven arm values of each action are read; `joint-position` when absent. */
  readonly actionMode?: ActionMode;
  /**
   * Rows of a returned chunk executed open-loop before the policy is asked again; the whole
   * chunk when absent. A single action is a chunk of one.
   */
  readonly executeSteps?: number;
  /**
   * Camera images to render into each observation the policy is asked with (once per chunk,
   * not per control step); none when absent, which costs nothing.
   */
  readonly cameras?: CameraRequest;
  reset(seed: number, context?: EpisodeContext): void | Promise<void>;
  act(observation: Observation): PolicyOutput | Promise<PolicyOutput>;
  /**
   * Releases what the episode held (a remote policy's connection). The runner calls it once when
   * the episode ends, however it ends; a throw or rejection is ignored.
   */
  dispose?(): void | Promise<void>;
}

import type { MainModule, MjData, MjModel } from 'mujoco-js';
import type { ActionBounds, Vec3, WorldSnapshot } from '../observation.ts';

/** Everything needed to put a tabletop scene into one episode's starting state. */
export interface TabletopInitialState {
  readonly armJointPositionsRad: readonly number[];
  readonly cubePosition: Vec3;
  readonly cubeYawRad: number;
  readonly targetPosition: Vec3;
}

/** A task's view of one compiled model: names resolved to indices once, then reused. */
export interface SceneBinding {
  readonly actuatorCount: number;
  /** Resets `data` and writes the state, so nothing of a previous episode survives. */
  applyInitialState(data: MjData, state: TabletopInitialState): void;
  readWorld(data: MjData): WorldSnapshot;
}

export interface TaskDefinition {
  readonly name: string;
  readonly instruction: string;
  readonly sceneXml: string;
  readonly physicsTimestepS: number;
  readonly controlHz: number;
  /** Episode length limit, in control steps. */
  readonly timeLimitSteps: number;
  readonly actionBounds: ActionBounds;
  bindScene(mujoco: MainModule, model: MjModel): SceneBinding;
  /** Depends on the seed alone, so every policy given a seed starts from the same state. */
  sampleInitialState(seed: number): TabletopInitialState;
  isSuccess(world: WorldSnapshot): boolean;
  /**
   * Dense measure in [0, 1]: 0 is no closer than at the start, 1 is at the goal. Always 1 on
   * success; can be 1 without success when success also asks for more (e.g. the cube at rest).
   */
  progress(world: WorldSnapshot, initialWorld: WorldSnapshot): number;
}

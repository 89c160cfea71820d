import type { ActionBounds, WorldSnapshot } from '../observation.ts';
import type { ResolvedPerturbation } from '../perturbations/perturbation.ts';
import type { SceneInitialState } from '../scenes/scene-initial-state.ts';
import type { SceneLayout } from '../scenes/scene-layout.ts';

export interface TaskDefinition {
  readonly name: string;
  readonly instruction: string;
  readonly layout: SceneLayout;
  readonly physicsTimestepS: number;
  readonly controlHz: number;
  /** Episode length limit, in control steps. */
  readonly timeLimitSteps: number;
  readonly actionBounds: ActionBounds;
  /**
   * Depends on the seed and the perturbation alone, so every policy given them starts from the
   * same state. Distractors are drawn from their own stream: adding them moves nothing else.
   */
  sampleInitialState(seed: number, perturbation: ResolvedPerturbation): SceneInitialState;
  isSuccess(world: WorldSnapshot): boolean;
  /**
   * Dense measure in [0, 1]: 0 is no closer than at the start, 1 is done. Always 1 on success;
   * may approach 1 without success when success also asks for more (e.g. the cube at rest).
   */
  progress(world: WorldSnapshot, initialWorld: WorldSnapshot): number;
}

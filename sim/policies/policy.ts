import type { Action, Observation } from '../observation.ts';

export type { Action, Observation };

/**
 * A controller run at the task's control rate. `reset` starts an episode; a policy with
 * randomness must draw it only from `seed` so an episode can be replayed exactly.
 */
export interface Policy {
  reset(seed: number): void;
  act(observation: Observation): Action;
}

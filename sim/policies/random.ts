import type { Observation } from '../observation.ts';
import { SeededRandom, deriveSeed } from '../../lib/seeded-random.ts';
import type { Action, Policy } from './policy.ts';

/** Uniformly random joint targets within the task's bounds, drawn afresh every control step. */
export class RandomPolicy implements Policy {
  private random = new SeededRandom(0);

  reset(seed: number): void {
    this.random = new SeededRandom(deriveSeed(seed, 'random/joint-targets'));
  }

  act(observation: Observation): Action {
    const { lowerRad, upperRad } = observation.actionBounds;
    return lowerRad.map((lower, joint) => this.random.uniform(lower, upperRad[joint] ?? lower));
  }
}

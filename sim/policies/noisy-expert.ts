import type { Observation } from '../observation.ts';
import { SeededRandom, deriveSeed } from '../../lib/seeded-random.ts';
import { ExpertPolicy } from './expert.ts';
import type { Action, Policy } from './policy.ts';

/** Standard deviation of the Gaussian noise added to every joint target, radians. */
export const noisyExpertNoiseStdRad = 0.085;

/** The expert with seeded Gaussian noise on every joint target: a worse but unbiased policy. */
export class NoisyExpertPolicy implements Policy {
  private readonly expert = new ExpertPolicy();
  private random = new SeededRandom(0);

  reset(seed: number): void {
    this.expert.reset(seed);
    this.random = new SeededRandom(deriveSeed(seed, 'noisy-expert/action-noise'));
  }

  act(observation: Observation): Action {
    const action = this.expert.act(observation);
    return Array.from(action, (target) => target + noisyExpertNoiseStdRad * this.random.gaussian());
  }
}

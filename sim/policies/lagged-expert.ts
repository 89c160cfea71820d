import type { Observation } from '../observation.ts';
import { ExpertPolicy } from './expert.ts';
import type { Action, Policy } from './policy.ts';

/** How many control steps late each expert action is applied. */
export const laggedExpertDelaySteps = 14;

/**
 * The expert whose actions arrive several control steps late, as over a slow network link.
 * Until the first action arrives it holds the starting joint positions.
 */
export class LaggedExpertPolicy implements Policy {
  private readonly expert = new ExpertPolicy();
  private pending: Action[] = [];

  reset(seed: number): void {
    this.expert.reset(seed);
    this.pending = [];
  }

  act(observation: Observation): Action {
    if (this.pending.length === 0) {
      for (let step = 0; step < laggedExpertDelaySteps; step += 1) {
        this.pending.push([...observation.jointPositionsRad]);
      }
    }
    this.pending.push(this.expert.act(observation));
    return this.pending.shift() ?? observation.jointPositionsRad;
  }
}

import { SeededRandom, deriveSeed } from '../../lib/seeded-random.ts';
import type { Observation, Policy } from './policy.ts';

/** Largest random displacement per control step, metres, and rotation, radians. */
const maxStepM = 0.03;
const maxTurnRad = 0.2;

/**
 * A random walk of the gripper: uniformly random end-effector displacements and gripper commands
 * each control step. Random joint targets would make the arm thrash across the table and knock
 * objects around, which is not the uninformed baseline a random policy should be.
 */
export class RandomPolicy implements Policy {
  readonly actionMode = 'ee-delta';
  private random = new SeededRandom(0);

  reset(seed: number): void {
    this.random = new SeededRandom(deriveSeed(seed, 'random/actions'));
  }

  act(_observation: Observation): number[] {
    const uniform = (half: number): number => this.random.uniform(-half, half);
    return [
      uniform(maxStepM),
      uniform(maxStepM),
      uniform(maxStepM),
      uniform(maxTurnRad),
      uniform(maxTurnRad),
      uniform(maxTurnRad),
      0,
      this.random.next(),
    ];
  }
}

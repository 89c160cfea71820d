import { cubeHalfSizeM } from '../scenes/arm-geometry.ts';
import { SeededRandom, deriveSeed } from '../../lib/seeded-random.ts';
import { DrawerExpert } from './experts/drawer-expert.ts';
import { PickPlaceExpert } from './experts/pick-place-expert.ts';
import { PushExpert } from './experts/push-expert.ts';
import { ReachExpert } from './experts/reach-expert.ts';
import type { TaskExpert } from './experts/task-expert.ts';
import type { EpisodeContext, Observation, Policy } from './policy.ts';

export class ExpertTaskUnknownError extends Error {
  override name = 'ExpertTaskUnknownError';
  constructor(task: string) {
    super(`the scripted expert has no script for task "${task}"`);
  }
}

/** Release the cube this far above where it should rest, so it drops the last bit, metres. */
const releaseDropM = 0.004;

/**
 * The scripted expert of every task, acting on privileged state in ee-delta mode. The task comes
 * from the episode context; without one (an old caller) it is push-cube.
 */
export class ExpertPolicy implements Policy {
  readonly actionMode = 'ee-delta';
  private script: TaskExpert = new PushExpert();

  constructor(private readonly graspFailureProbability = 0) {}

  reset(seed: number, context?: EpisodeContext): void {
    const task = context?.task ?? 'push-cube';
    const flaws =
      this.graspFailureProbability > 0
        ? {
            graspFailureProbability: this.graspFailureProbability,
            random: new SeededRandom(deriveSeed(seed, 'expert/grasp-failure')),
          }
        : null;
    this.script = scriptFor(task, flaws);
  }

  act(observation: Observation): number[] {
    return this.script.act(observation);
  }
}

function scriptFor(task: string, flaws: ConstructorParameters<typeof DrawerExpert>[0]): TaskExpert {
  switch (task) {
    case 'reach':
      return new ReachExpert();
    case 'push-cube':
      return new PushExpert();
    case 'pick-place':
      return new PickPlaceExpert(
        'cube',
        (observation) => [
          observation.targetPosition[0],
          observation.targetPosition[1],
          observation.targetPosition[2] + cubeHalfSizeM + releaseDropM,
        ],
        flaws,
      );
    case 'stack':
      return new PickPlaceExpert(
        'top_cube',
        (observation) => {
          const base = observation.objectPositions.base_cube ?? observation.targetPosition;
          return [base[0], base[1], base[2] + 2 * cubeHalfSizeM + releaseDropM];
        },
        flaws,
      );
    case 'open-drawer':
      return new DrawerExpert(flaws);
    default:
      throw new ExpertTaskUnknownError(task);
  }
}

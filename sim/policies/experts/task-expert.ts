import type { Observation } from '../../observation.ts';
import type { SeededRandom } from '../../../lib/seeded-random.ts';

/** A scripted controller for one task, emitting ee-delta actions from privileged state. */
export interface TaskExpert {
  act(observation: Observation): number[];
}

/** The expert's own imperfections, for the degraded family. */
export interface ExpertFlaws {
  /** Chance that a grasp is lost shortly after the lift starts. */
  readonly graspFailureProbability: number;
  readonly random: SeededRandom;
}

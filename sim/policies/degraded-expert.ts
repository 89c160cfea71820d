import { SeededRandom, deriveSeed } from '../../lib/seeded-random.ts';
import { ExpertPolicy } from './expert.ts';
import type { EpisodeContext, Observation, Policy } from './policy.ts';

/** The skill knobs of the expert family; every one defaults to "no degradation". */
export interface ExpertSkillParams {
  /** Standard deviation of Gaussian noise on each commanded displacement, metres. */
  actionNoiseStdM?: number;
  /** Control steps each action arrives late, as over a slow link. */
  latencySteps?: number;
  /** Chance that each grasp is lost soon after the lift. */
  graspFailureProbability?: number;
}

/** Rotation noise per metre of displacement noise: 1 cm of noise turns the hand about 3°. */
const rotationNoisePerMetreRad = 5;
const gripperIndex = 7;

/** The expert made worse by noise, latency and dropped grasps; seeded, so replayable. */
export class DegradedExpertPolicy implements Policy {
  readonly actionMode = 'ee-delta';
  private readonly expert: ExpertPolicy;
  private random = new SeededRandom(0);
  private pending: number[][] = [];
  readonly params: Required<ExpertSkillParams>;

  constructor(params: ExpertSkillParams) {
    this.params = {
      actionNoiseStdM: params.actionNoiseStdM ?? 0,
      latencySteps: Math.round(params.latencySteps ?? 0),
      graspFailureProbability: params.graspFailureProbability ?? 0,
    };
    this.expert = new ExpertPolicy(this.params.graspFailureProbability);
  }

  reset(seed: number, context?: EpisodeContext): void {
    this.expert.reset(seed, context);
    this.random = new SeededRandom(deriveSeed(seed, 'degraded-expert/action-noise'));
    this.pending = [];
  }

  act(observation: Observation): number[] {
    const { actionNoiseStdM, latencySteps } = this.params;
    const action = this.expert.act(observation);
    const noisy = action.map((value, index) => {
      if (index === gripperIndex || actionNoiseStdM === 0) return value;
      const scale = index < 3 ? actionNoiseStdM : actionNoiseStdM * rotationNoisePerMetreRad;
      return value + scale * this.random.gaussian();
    });
    if (latencySteps === 0) return noisy;
    if (this.pending.length === 0) {
      // Until the first action arrives the arm holds still with the gripper as it is.
      const hold = [0, 0, 0, 0, 0, 0, 0, action[gripperIndex] ?? 0];
      for (let step = 0; step < latencySteps; step += 1) this.pending.push(hold);
    }
    this.pending.push(noisy);
    return this.pending.shift() ?? noisy;
  }
}

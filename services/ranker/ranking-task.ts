import {
  autoHumanAgreement,
  judgeQuality,
  planComparisons,
  rankBy,
  type AutoHumanAgreement,
  type ComparisonPlan,
  type Judgement,
  type JudgeQuality,
  type JudgeQualityOptions,
  type Leaderboard,
} from '../ranking/index.ts';
import { buildRatingSnapshot, type RatingSnapshot } from './rating-snapshot.ts';

/**
 * The statistics the services compute, as plain data in and out so they can run on a worker
 * thread: the published snapshot (a 1000-round bootstrap), breakdowns (a bootstrap per group),
 * a comparison plan, the auto-vs-human agreement and each judge's quality. Groups travel as one
 * key per judgement, since a grouping function cannot cross to a thread.
 */
export type RankingTask =
  | {
      kind: 'snapshot';
      campaignId: string;
      judgements: Judgement[];
      names: [string, string][];
      fittedAt: string;
    }
  | {
      kind: 'breakdown';
      judgements: Judgement[];
      groups: (string | undefined)[];
      bootstrapRounds: number;
    }
  | { kind: 'plan'; judgements: Judgement[]; a: string; b: string }
  | { kind: 'agreement'; judgements: Judgement[] }
  | { kind: 'judges'; judgements: Judgement[]; options: JudgeQualityOptions };

export interface RankingResults {
  snapshot: RatingSnapshot;
  breakdown: [string, Leaderboard][];
  plan: ComparisonPlan;
  agreement: AutoHumanAgreement;
  judges: JudgeQuality[];
}

export type RankingResult<K extends RankingTask['kind']> = RankingResults[K];

export function runRankingTask(task: RankingTask): RankingResults[RankingTask['kind']] {
  switch (task.kind) {
    case 'snapshot':
      return buildRatingSnapshot(
        task.campaignId,
        task.judgements,
        new Map(task.names),
        task.fittedAt,
      );
    case 'breakdown': {
      const groupOf = new Map(task.judgements.map((j, i) => [j, task.groups[i]]));
      return [
        ...rankBy(task.judgements, (j) => groupOf.get(j), {
          bootstrapRounds: task.bootstrapRounds,
          seed: 1,
        }).entries(),
      ];
    }
    case 'plan':
      return planComparisons(task.judgements, task.a, task.b);
    case 'agreement':
      return autoHumanAgreement(task.judgements);
    case 'judges':
      return judgeQuality(task.judgements, task.options);
  }
}

import { BattleOutcome } from './battle-log.ts';
import type { BattleLog, BattleOutcomeCode } from './battle-log.ts';
import type { Judgement, Outcome, RankingJudgement } from './types.ts';

/**
 * A pairwise judgement as a ranking of two (a tie is a tied group), so pairwise and K-wise data
 * can be fitted together by fitPlackettLuce.
 */
export function toRankingJudgement(judgement: Judgement): RankingJudgement {
  const { a, b, outcome, ...rest } = judgement;
  const ranking = outcome === 'A' ? [a, b] : outcome === 'B' ? [b, a] : [[a, b]];
  return { ...rest, ranking };
}

const OUTCOME_OF_CODE: Readonly<Record<BattleOutcomeCode, Outcome>> = {
  [BattleOutcome.AWins]: 'A',
  [BattleOutcome.BWins]: 'B',
  [BattleOutcome.Tie]: 'tie',
};

/**
 * Each battle of a log as a ranking of two, with its task, judge and comparison id, so that a
 * file mixing battles with K-wise rankings is fitted as one Plackett-Luce model.
 */
export function battleRankings(log: BattleLog): RankingJudgement[] {
  const name = (names: readonly string[], k: number) => (k < 0 ? undefined : names[k]);
  return Array.from({ length: log.count }, (_, k) =>
    toRankingJudgement({
      a: log.policies[log.a[k] ?? 0] ?? '',
      b: log.policies[log.b[k] ?? 0] ?? '',
      outcome: OUTCOME_OF_CODE[(log.outcome[k] ?? BattleOutcome.Tie) as BattleOutcomeCode],
      task: name(log.tasks, log.task[k] ?? -1),
      judge: name(log.judges, log.judge[k] ?? -1),
      comparisonId: name(log.comparisons, log.comparison[k] ?? -1),
    }),
  );
}

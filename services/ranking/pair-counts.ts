import { addComparison, comparisonCount, indexJudgements } from './judgement-index.ts';
import type { Judgement, PairCounts } from './types.ts';

/** Zeroed counts over the pairs of a judgement index or a battle table. */
export function emptyPairCounts(
  pairs: Pick<PairCounts, 'policies' | 'first' | 'second'>,
): PairCounts {
  const size = pairs.first.length;
  return {
    policies: pairs.policies,
    first: pairs.first,
    second: pairs.second,
    firstWins: new Float64Array(size),
    secondWins: new Float64Array(size),
    ties: new Float64Array(size),
  };
}

/**
 * Aggregates judgements into wins and ties per unordered pair of policies. Policies are sorted
 * by id. Throws InvalidJudgementError on malformed judgements.
 */
export function aggregateCounts(judgements: readonly Judgement[]): PairCounts {
  const index = indexJudgements(judgements);
  const counts = emptyPairCounts(index);
  for (let c = 0; c < comparisonCount(index); c++) addComparison(index, counts, c, 1);
  return counts;
}

export interface PolicyTally {
  readonly comparisons: number;
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
}

/** Raw wins, losses and ties of each policy, keyed by policy id. */
export function tallyPolicies(counts: PairCounts): Map<string, PolicyTally> {
  const wins = new Float64Array(counts.policies.length);
  const losses = new Float64Array(counts.policies.length);
  const ties = new Float64Array(counts.policies.length);
  for (let k = 0; k < counts.first.length; k++) {
    const i = counts.first[k] ?? 0;
    const j = counts.second[k] ?? 0;
    const iWins = counts.firstWins[k] ?? 0;
    const jWins = counts.secondWins[k] ?? 0;
    const tied = counts.ties[k] ?? 0;
    wins[i] = (wins[i] ?? 0) + iWins;
    losses[i] = (losses[i] ?? 0) + jWins;
    ties[i] = (ties[i] ?? 0) + tied;
    wins[j] = (wins[j] ?? 0) + jWins;
    losses[j] = (losses[j] ?? 0) + iWins;
    ties[j] = (ties[j] ?? 0) + tied;
  }
  return new Map(
    counts.policies.map((policy, i) => {
      const tally = { wins: wins[i] ?? 0, losses: losses[i] ?? 0, ties: ties[i] ?? 0 };
      return [policy, { ...tally, comparisons: tally.wins + tally.losses + tally.ties }];
    }),
  );
}

/** Which policies take part in at least one counted judgement (1) and which do not (0). */
export function presentPolicies(counts: PairCounts): Uint8Array {
  const present = new Uint8Array(counts.policies.length);
  for (let k = 0; k < counts.first.length; k++) {
    const total = (counts.firstWins[k] ?? 0) + (counts.secondWins[k] ?? 0) + (counts.ties[k] ?? 0);
    if (total > 0) present[counts.first[k] ?? 0] = present[counts.second[k] ?? 0] = 1;
  }
  return present;
}

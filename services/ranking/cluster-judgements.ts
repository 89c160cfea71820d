import { InvalidRankingOptionError } from './errors.ts';
import type { ClusterBy } from './types.ts';

/** The fields of a judgement (pairwise or ranking) that clustering reads and rewrites. */
interface Clusterable {
  readonly comparisonId?: string;
  readonly judge?: string;
  readonly task?: string;
}

/** Below this many independent units (clusters) neither bootstrap nor sandwich can be trusted. */
export const MIN_RELIABLE_CLUSTERS = 20;

/** The one warning both uncertainty methods give for too few units, so a leaderboard shows it once. */
export function fewClustersWarning(clusters: number): string {
  return `only ${clusters} independent units (comparisons or clusters): intervals from so few are too narrow`;
}

/**
 * The judgements with `comparisonId` replaced by their cluster, so that the judgement index
 * (which keeps a comparison's judgements together) treats each cluster as one resampling and
 * scoring unit. Clusters are one-way: with clusterBy 'judge', two judges of one comparison fall
 * in different clusters and the correlation through their shared episodes is not modelled.
 * A judgement without the key (no `judge`, no `task`, or the function returns undefined) stays
 * in its own comparison's unit. The key spaces are prefixed so a judge named like a comparison
 * id cannot merge with it. Policy order and counts are unchanged. Pairwise judgements and
 * rankings alike.
 */
export function clusterJudgements<T extends Clusterable>(
  judgements: readonly T[],
  clusterBy: ClusterBy<T> | undefined,
): readonly T[] {
  if (clusterBy === undefined || clusterBy === 'comparison') return judgements;
  if (typeof clusterBy !== 'function' && clusterBy !== 'judge' && clusterBy !== 'task') {
    throw new InvalidRankingOptionError(
      `clusterBy must be 'comparison', 'judge', 'task' or a function`,
    );
  }
  const keyOf =
    clusterBy === 'judge' ? (j: T) => j.judge : clusterBy === 'task' ? (j: T) => j.task : clusterBy;
  return judgements.map((judgement) => {
    const key = keyOf(judgement);
    const comparisonId =
      key !== undefined
        ? `k:${key}`
        : judgement.comparisonId !== undefined
          ? `c:${judgement.comparisonId}`
          : undefined;
    return { ...judgement, comparisonId };
  });
}

import { tableFromJudgements } from './battle-table.ts';
import { resolveBootstrapOptions } from './bootstrap-options.ts';
import { bootstrapTable } from './bootstrap-table.ts';
import { clusterJudgements } from './cluster-judgements.ts';
import type { BootstrapOptions, BootstrapResult, Judgement } from './types.ts';

/**
 * Percentile bootstrap intervals of every policy's rating. Each round draws as many comparisons
 * as there are, with replacement (judgements sharing a comparisonId travel together), refits the
 * same model warm-started from the full-data fit, and rescales to the same Elo reference (mean
 * or anchor = 1000). Deterministic for a given seed and input.
 *
 * A policy absent from a resample contributes no value to its own interval for that round (and
 * if it is the anchor the whole round is dropped); such rounds and rounds whose graph fell apart
 * are counted in `degenerateRounds`. With `clusterBy` the unit drawn is a whole cluster (all
 * judgements of one judge or task), as many as there are clusters, so that correlation within a
 * cluster widens the interval as it should; fewer than 20 units draws a warning. The result keeps
 * every round's ratings and nu (`samples`, `tieParameterSamples`) for rank ranges and
 * predictions.
 *
 * The judgements are reduced to a battle table (distinct comparison patterns with counts) and
 * resampled there (see bootstrapTable), so a round costs the same for a thousand judgements as
 * for a million, and `arena rank` on an export of the same judgements runs this very bootstrap.
 * Throws InvalidJudgementError, InvalidRankingOptionError or UnknownPolicyError.
 */
export function bootstrapIntervals(
  judgements: readonly Judgement[],
  options: BootstrapOptions = {},
): BootstrapResult {
  resolveBootstrapOptions(options); // bad options fail before any work, whatever the data
  // Each comparison of the table is one resampling unit: a cluster when clusterBy asks for it.
  return bootstrapTable(
    tableFromJudgements(clusterJudgements(judgements, options.clusterBy)),
    options,
  );
}

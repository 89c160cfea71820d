import { pearsonCorrelation, spearmanCorrelation } from './correlation.ts';
import { meanMaximumRankViolation } from './rank-violation.ts';
import type { Leaderboard } from './types.ts';
import { byCodeUnits } from './code-unit-order.ts';

/** Ratings (or success rates) keyed by policy id. */
export type RatingSet =
  ReadonlyMap<string, number> | Readonly<Record<string, number>> | Leaderboard;

export interface RatingSetComparison {
  /** Policies rated in both sets, sorted by id; only these enter the statistics. */
  readonly policies: readonly string[];
  readonly pearson: number;
  readonly spearman: number;
  /** In the units of the real set. */
  readonly meanMaximumRankViolation: number;
}

function isLeaderboard(set: RatingSet): set is Leaderboard {
  return !(set instanceof Map) && Array.isArray((set as Partial<Leaderboard>).entries);
}

function toMap(set: RatingSet): ReadonlyMap<string, number> {
  if (set instanceof Map) return set as ReadonlyMap<string, number>;
  if (isLeaderboard(set)) return new Map(set.entries.map((e) => [e.policy, e.rating]));
  return new Map(Object.entries(set));
}

/**
 * How well one rating set (e.g. simulation) predicts another (e.g. real robots) for the policies
 * rated in both: Pearson's r, Spearman's rho and SIMPLER's MMRV (sim, real order matters for
 * MMRV only: its violations are weighted by real gaps). Leaderboards, Maps and plain records are
 * accepted. Statistics are NaN when fewer than two policies are shared.
 */
export function compareRatingSets(sim: RatingSet, real: RatingSet): RatingSetComparison {
  const simMap = toMap(sim);
  const realMap = toMap(real);
  const policies = [...simMap.keys()].filter((p) => realMap.has(p)).sort(byCodeUnits);
  const x = policies.map((p) => simMap.get(p) ?? NaN);
  const y = policies.map((p) => realMap.get(p) ?? NaN);
  return {
    policies,
    pearson: pearsonCorrelation(x, y),
    spearman: spearmanCorrelation(x, y),
    meanMaximumRankViolation: policies.length >= 2 ? meanMaximumRankViolation(x, y) : NaN,
  };
}

import { InvalidJudgementError } from './errors.ts';
import type { PairCounts, RankingJudgement } from './types.ts';

/** Tied groups larger than this would need 2^size choice sets each; rankings rarely tie so many. */
export const MAX_TIED_GROUP = 12;

/**
 * The Plackett-Luce log-likelihood of weighted rankings, as flat arrays:
 * Σ_p appearances[p]·θ_p − Σ_s weight[s]·log Σ_{r ∈ set s} e^θ_r, where set s is
 * `members[start[s] .. start[s + 1]]`. A ranking without ties gives one choice set per place;
 * equal choice sets of different rankings share one entry, their weights summed.
 */
export interface PlackettLuceStages {
  readonly policies: readonly string[];
  /** Rankings each policy takes part in (each is chosen once per ranking). */
  readonly appearances: Float64Array;
  readonly weight: Float64Array;
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** The pairwise relations the rankings imply (a above b: a win; same group: a tie). */
  readonly impliedCounts: PairCounts;
}

/**
 * The places of a ranking, best first, each as its group of policy ids (a lone id is a group of
 * one). Throws InvalidJudgementError, whose `problem` names the place, for anything that is not
 * a ranking of at least two distinct non-empty ids.
 */
export function rankingGroups(judgement: RankingJudgement, index: number): string[][] {
  // Checked as unknown: rankings often come straight from JSON, whatever their declared type.
  const ranking: unknown = judgement.ranking;
  if (!Array.isArray(ranking)) {
    throw new InvalidJudgementError(
      `ranking must be an array of policy names, best first (got ${describe(ranking)})`,
      index,
    );
  }
  const seen = new Set<string>();
  const groups = ranking.map((place: unknown, k): string[] => {
    const where = `place ${k + 1}`;
    const group: unknown[] = Array.isArray(place) ? place : [place];
    if (!Array.isArray(place) && typeof place !== 'string') {
      throw new InvalidJudgementError(
        `${where} must be a policy name or an array of tied names (got ${describe(place)})`,
        index,
      );
    }
    if (group.length === 0)
      throw new InvalidJudgementError(`${where} is an empty tied group`, index);
    if (group.length > MAX_TIED_GROUP) {
      throw new InvalidJudgementError(
        `${where} ties ${group.length} policies; at most ${MAX_TIED_GROUP} may tie`,
        index,
      );
    }
    return group.map((policy) => {
      if (typeof policy !== 'string' || policy === '') {
        throw new InvalidJudgementError(
          `${where}: a policy name must be a non-empty string (got ${describe(policy)})`,
          index,
        );
      }
      if (seen.has(policy)) {
        throw new InvalidJudgementError(`policy ${JSON.stringify(policy)} is ranked twice`, index);
      }
      seen.add(policy);
      return policy;
    });
  });
  if (seen.size < 2) {
    throw new InvalidJudgementError(
      `a ranking needs at least two policies (got ${seen.size})`,
      index,
    );
  }
  return groups;
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function binomial(m: number, t: number): number {
  let value = 1;
  for (let k = 1; k <= t; k++) value = (value * (m - t + k)) / k;
  return value;
}

/**
 * The choice sets of one ranking (groups of policy indices, best first) with their weights. The
 * tie rule: a tied group contributes the average of the log-likelihoods of all orderings of its
 * members (a composite likelihood, like counting a pairwise tie as half a win each way, to which
 * it reduces for K = 2). Averaged over orderings, the members already chosen before each choice
 * form a uniformly random subset S of the group, so each subset S (|S| < m) yields the choice
 * set (group \ S) ∪ (everything ranked below) with weight 1 / C(m, |S|). Without ties this is
 * one set per place: the policy placed there against all ranked below it.
 */
export function forEachChoiceSet(
  groups: readonly (readonly number[])[],
  visit: (members: readonly number[], weight: number) => void,
): void {
  const members: number[] = [];
  for (let level = 0; level < groups.length; level++) {
    const group = groups[level] ?? [];
    const m = group.length;
    // Each subset S of the group, as a bit mask, with |S| < m.
    for (let mask = 0; mask < 1 << m; mask++) {
      let chosen = 0;
      for (let bit = 0; bit < m; bit++) if (mask & (1 << bit)) chosen++;
      if (chosen === m) continue;
      members.length = 0;
      group.forEach((p, bit) => {
        if (!(mask & (1 << bit))) members.push(p);
      });
      for (let below = level + 1; below < groups.length; below++) {
        members.push(...(groups[below] ?? []));
      }
      visit(members, 1 / binomial(m, chosen));
    }
  }
}

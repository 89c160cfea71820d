import { InvalidJudgementError } from './errors.ts';
import type { PairCounts, RankingJudgement } from './types.ts';
import { byCodeUnits } from './code-unit-order.ts';

/** Tied groups larger than this would need 2^size choice sets each; rankings rarely tie so many. */
export const MAX_TIED_GROUP = 12;

/**
 * The Plackett-Luce log-likelihood of all rankings, compiled to flat arrays:
 * Σ_p appearances[p]·θ_p − Σ_s weight[s]·log Σ_{r ∈ set s} e^θ_r, where set s is
 * `members[start[s] .. start[s + 1]]`. A ranking without ties gives one choice set per place.
 */
export interface PlackettLuceStages {
  readonly policies: readonly string[];
  readonly appearances: Float64Array;
  readonly weight: Float64Array;
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** The pairwise relations the rankings imply (a above b: a win; same group: a tie). */
  readonly impliedCounts: PairCounts;
}

function groupsOf(judgement: RankingJudgement, index: number): string[][] {
  const { ranking } = judgement;
  // Checked on an unknown copy so the narrowing does not turn the typed ranking into any[].
  const untrusted: unknown = ranking;
  if (!Array.isArray(untrusted)) {
    throw new InvalidJudgementError('ranking must be an array', index);
  }
  const groups = ranking.map((place) => (typeof place === 'string' ? [place] : [...place]));
  const seen = new Set<string>();
  for (const group of groups) {
    if (group.length === 0) throw new InvalidJudgementError('a tied group is empty', index);
    if (group.length > MAX_TIED_GROUP) {
      throw new InvalidJudgementError(
        `a tied group has more than ${MAX_TIED_GROUP} policies`,
        index,
      );
    }
    for (const policy of group) {
      if (typeof policy !== 'string' || policy === '') {
        throw new InvalidJudgementError('policy ids must be non-empty strings', index);
      }
      if (seen.has(policy)) throw new InvalidJudgementError(`policy ${policy} ranked twice`, index);
      seen.add(policy);
    }
  }
  if (seen.size < 2)
    throw new InvalidJudgementError('a ranking needs at least two policies', index);
  return groups;
}

function binomial(m: number, t: number): number {
  let value = 1;
  for (let k = 1; k <= t; k++) value = (value * (m - t + k)) / k;
  return value;
}

/**
 * Validates and compiles rankings. The tie rule: a tied group contributes the average of the
 * log-likelihoods of all orderings of its members (a composite likelihood, like counting a
 * pairwise tie as half a win each way, to which it reduces for K = 2). Averaged over orderings,
 * the members already chosen before each choice form a uniformly random subset S of the group,
 * so each subset S (|S| < m) yields the choice set (group \ S) ∪ (everything ranked below) with
 * weight 1 / C(m, |S|). Throws InvalidJudgementError for an empty or duplicated policy, an empty
 * or oversized tied group, or fewer than two policies.
 */
export function compileRankings(judgements: readonly RankingJudgement[]): PlackettLuceStages {
  const allGroups = judgements.map(groupsOf);
  const policies = [...new Set(allGroups.flat(2))].sort(byCodeUnits);
  const indexOf = new Map(policies.map((p, i) => [p, i]));
  const n = policies.length;
  const appearances = new Float64Array(n);
  const weight: number[] = [];
  const start: number[] = [];
  const members: number[] = [];
  const pairSlot = new Map<number, number>();
  const first: number[] = [];
  const second: number[] = [];
  const firstWins: number[] = [];
  const secondWins: number[] = [];
  const ties: number[] = [];
  const relate = (x: number, y: number, tie: boolean) => {
    const [lo, hi] = x < y ? [x, y] : [y, x];
    let slot = pairSlot.get(lo * n + hi);
    if (slot === undefined) {
      slot = first.length;
      pairSlot.set(lo * n + hi, slot);
      first.push(lo);
      second.push(hi);
      firstWins.push(0);
      secondWins.push(0);
      ties.push(0);
    }
    const target = tie ? ties : x === lo ? firstWins : secondWins;
    target[slot] = (target[slot] ?? 0) + 1;
  };

  for (const groups of allGroups) {
    const indices = groups.map((group) => group.map((p) => indexOf.get(p) ?? 0));
    for (let level = 0; level < indices.length; level++) {
      const group = indices[level] ?? [];
      const below = indices.slice(level + 1).flat();
      const m = group.length;
      for (const p of group) {
        appearances[p] = (appearances[p] ?? 0) + 1;
        for (const q of below) relate(p, q, false);
        for (const q of group) if (q > p) relate(p, q, true);
      }
      // Each subset S of the group, as a bit mask, with |S| < m.
      for (let mask = 0; mask < 1 << m; mask++) {
        let chosen = 0;
        for (let bit = 0; bit < m; bit++) if (mask & (1 << bit)) chosen++;
        if (chosen === m) continue;
        start.push(members.length);
        weight.push(1 / binomial(m, chosen));
        group.forEach((p, bit) => {
          if (!(mask & (1 << bit))) members.push(p);
        });
        members.push(...below);
      }
    }
  }
  start.push(members.length);
  return {
    policies,
    appearances,
    weight: Float64Array.from(weight),
    start: Int32Array.from(start),
    members: Int32Array.from(members),
    impliedCounts: {
      policies,
      first: Int32Array.from(first),
      second: Int32Array.from(second),
      firstWins: Float64Array.from(firstWins),
      secondWins: Float64Array.from(secondWins),
      ties: Float64Array.from(ties),
    },
  };
}

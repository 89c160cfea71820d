import { InvalidJudgementError } from './errors.ts';
import { byCodeUnits } from './code-unit-order.ts';
import type { Judgement, PairCounts } from './types.ts';

/** Which count of its pair a judgement adds to. */
export const Slot = { FirstWins: 0, SecondWins: 1, Tie: 2 } as const;

/**
 * Judgements translated to integer indices once, so that aggregation (and every bootstrap round)
 * is a pass over typed arrays. Comparisons are stored as runs of judgements:
 * comparison c owns entries `comparisonStart[c] .. comparisonStart[c + 1]` of `judgementPair` and
 * `judgementSlot`.
 */
export interface JudgementIndex {
  readonly policies: readonly string[];
  readonly first: Int32Array;
  readonly second: Int32Array;
  readonly comparisonStart: Int32Array;
  /** Each comparison's comparisonId; undefined for a judgement that had none. */
  readonly comparisonIds: readonly (string | undefined)[];
  readonly judgementPair: Int32Array;
  readonly judgementSlot: Uint8Array;
}

function validate(judgement: Judgement, index: number): void {
  const { a, b, outcome } = judgement;
  if (typeof a !== 'string' || a === '' || typeof b !== 'string' || b === '') {
    throw new InvalidJudgementError('policy ids must be non-empty strings', index);
  }
  if (a === b) throw new InvalidJudgementError(`policy ${a} compared with itself`, index);
  if (outcome !== 'A' && outcome !== 'B' && outcome !== 'tie') {
    throw new InvalidJudgementError(`outcome must be 'A', 'B' or 'tie'`, index);
  }
}

/**
 * Validates and indexes judgements. Policies are sorted by id, so the result (and any seeded
 * bootstrap built on it) does not depend on the order of the input beyond comparison grouping.
 * Throws InvalidJudgementError on a self-comparison, an empty id or an unknown outcome.
 */
export function indexJudgements(judgements: readonly Judgement[]): JudgementIndex {
  judgements.forEach(validate);
  const policies = [...new Set(judgements.flatMap((j) => [j.a, j.b]))].sort(byCodeUnits);
  const policyIndex = new Map(policies.map((p, i) => [p, i]));
  const pairIndex = new Map<number, number>();
  const first: number[] = [];
  const second: number[] = [];
  const groups = new Map<string, number[]>();
  const comparisonIds: (string | undefined)[] = [];
  const pairOfJudgement = new Int32Array(judgements.length);
  const slotOfJudgement = new Uint8Array(judgements.length);

  judgements.forEach((judgement, k) => {
    const ia = policyIndex.get(judgement.a) ?? -1;
    const ib = policyIndex.get(judgement.b) ?? -1;
    const [lo, hi] = ia < ib ? [ia, ib] : [ib, ia];
    const key = lo * policies.length + hi;
    let pair = pairIndex.get(key);
    if (pair === undefined) {
      pair = first.length;
      pairIndex.set(key, pair);
      first.push(lo);
      second.push(hi);
    }
    pairOfJudgement[k] = pair;
    const aWon = judgement.outcome === 'A';
    slotOfJudgement[k] =
      judgement.outcome === 'tie'
        ? Slot.Tie
        : aWon === (ia === lo)
          ? Slot.FirstWins
          : Slot.SecondWins;
    // A judgement without an id is its own comparison; the NUL prefix keeps it apart from ids.
    const group = judgement.comparisonId ?? `\u0000${k}`;
    const members = groups.get(group);
    if (members) members.push(k);
    else {
      groups.set(group, [k]);
      comparisonIds.push(judgement.comparisonId);
    }
  });

  const comparisonStart = new Int32Array(groups.size + 1);
  const judgementPair = new Int32Array(judgements.length);
  const judgementSlot = new Uint8Array(judgements.length);
  let cursor = 0;
  let comparison = 0;
  for (const members of groups.values()) {
    comparisonStart[comparison++] = cursor;
    for (const k of members) {
      judgementPair[cursor] = pairOfJudgement[k] ?? 0;
      judgementSlot[cursor++] = slotOfJudgement[k] ?? 0;
    }
  }
  comparisonStart[comparison] = cursor;
  return {
    policies,
    first: Int32Array.from(first),
    second: Int32Array.from(second),
    comparisonStart,
    comparisonIds,
    judgementPair,
    judgementSlot,
  };
}

/** Adds `multiplicity` copies of comparison `c` to `counts` (over the index's pairs: `emptyPairCounts(index)`). */
export function addComparison(
  index: JudgementIndex,
  counts: PairCounts,
  comparison: number,
  multiplicity: number,
): void {
  const end = index.comparisonStart[comparison + 1] ?? 0;
  for (let k = index.comparisonStart[comparison] ?? 0; k < end; k++) {
    const pair = index.judgementPair[k] ?? 0;
    const slot = index.judgementSlot[k];
    const target =
      slot === Slot.FirstWins
        ? counts.firstWins
        : slot === Slot.SecondWins
          ? counts.secondWins
          : counts.ties;
    target[pair] = (target[pair] ?? 0) + multiplicity;
  }
}

export function comparisonCount(index: JudgementIndex): number {
  return index.comparisonStart.length - 1;
}

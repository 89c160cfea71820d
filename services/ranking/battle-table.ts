import type { BattleLog } from './battle-log.ts';
import { BattleOutcome } from './battle-log.ts';
import { indexJudgements, Slot } from './judgement-index.ts';
import { byCodeUnits } from './code-unit-order.ts';
import { PatternCollector } from './pattern-collector.ts';
import type { Judgement, PairCounts } from './types.ts';

/**
 * Comparisons reduced to their distinct patterns with multiplicities. A pattern is the multiset
 * of (pair, slot) entries of one comparison: a lone battle is one entry, a comparison judged by
 * three crowd workers is three. A million battles among 100 policies collapse to at most
 * 4950 × 3 patterns, so aggregation and every bootstrap round (a multinomial draw over
 * patterns) cost the same whatever the number of battles.
 *
 * Canonical: policies sorted by code units, pairs by (first, second), patterns by their smallest
 * comparison id, then by their entries (see PatternCollector), so the same comparisons give the
 * same table (and the same seeded bootstrap) whether they came from a file or from the database,
 * in whatever order.
 */
export interface BattleTable {
  readonly policies: readonly string[];
  readonly first: Int32Array;
  readonly second: Int32Array;
  /** Pattern p owns entries patternStart[p] .. patternStart[p + 1]. */
  readonly patternStart: Int32Array;
  readonly entryPair: Int32Array;
  /** Slot.FirstWins, Slot.SecondWins or Slot.Tie, relative to the pair's (first, second). */
  readonly entrySlot: Uint8Array;
  /** How many comparisons have each pattern. */
  readonly multiplicity: Float64Array;
}

/** The table of a battle log; battles sharing a comparison id form one comparison. */
export function tableFromLog(log: BattleLog): BattleTable {
  const policies = [...log.policies].sort(byCodeUnits);
  const n = policies.length;
  const sortedIndex = new Map(policies.map((p, i) => [p, i]));
  const rank = Int32Array.from(log.policies, (p) => sortedIndex.get(p) ?? 0);
  const collector = new PatternCollector(policies);
  const groups = new Map<number, number[]>();
  // Counting cells in a dense array is the hot loop for large files; a map bounds the memory
  // when there are very many policies.
  const dense = n <= 1024 ? new Float64Array(n * n * 3) : null;
  for (let k = 0; k < log.count; k++) {
    const a = rank[log.a[k] ?? 0] ?? 0;
    const b = rank[log.b[k] ?? 0] ?? 0;
    const outcome = log.outcome[k];
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const slot =
      outcome === BattleOutcome.Tie
        ? Slot.Tie
        : (outcome === BattleOutcome.AWins) === (a === lo)
          ? Slot.FirstWins
          : Slot.SecondWins;
    const code = (lo * n + hi) * 3 + slot;
    const comparison = log.comparison[k] ?? -1;
    if (comparison >= 0) {
      const members = groups.get(comparison);
      if (members) members.push(code);
      else groups.set(comparison, [code]);
    } else if (dense) dense[code] = (dense[code] ?? 0) + 1;
    else collector.addSingle(code);
  }
  if (dense) {
    for (let code = 0; code < dense.length; code++) {
      const count = dense[code] ?? 0;
      if (count > 0) collector.addSingle(code, count);
    }
  }
  for (const [comparison, codes] of groups) collector.addGroup(codes, log.comparisons[comparison]);
  return collector.finish();
}

/**
 * The table of library judgements (validated as the library does; throws
 * InvalidJudgementError). Judgements sharing a comparisonId form one comparison.
 */
export function tableFromJudgements(judgements: readonly Judgement[]): BattleTable {
  const index = indexJudgements(judgements);
  const n = index.policies.length;
  const collector = new PatternCollector(index.policies);
  for (let c = 0; c + 1 < index.comparisonStart.length; c++) {
    const codes: number[] = [];
    for (let k = index.comparisonStart[c] ?? 0; k < (index.comparisonStart[c + 1] ?? 0); k++) {
      const pair = index.judgementPair[k] ?? 0;
      const key = (index.first[pair] ?? 0) * n + (index.second[pair] ?? 0);
      codes.push(key * 3 + (index.judgementSlot[k] ?? 0));
    }
    collector.addGroup(codes, index.comparisonIds[c]);
  }
  return collector.finish();
}

/**
 * Fills `counts` (over the table's pairs: `emptyPairCounts(table)`) with each pattern taken `weights[p]` times (default:
 * its multiplicity, i.e. the data as observed).
 */
export function fillTableCounts(
  table: BattleTable,
  counts: PairCounts,
  weights: ArrayLike<number> = table.multiplicity,
): PairCounts {
  counts.firstWins.fill(0);
  counts.secondWins.fill(0);
  counts.ties.fill(0);
  const targets = [counts.firstWins, counts.secondWins, counts.ties] as const;
  for (let p = 0; p + 1 < table.patternStart.length; p++) {
    const weight = weights[p] ?? 0;
    if (weight === 0) continue;
    for (let k = table.patternStart[p] ?? 0; k < (table.patternStart[p + 1] ?? 0); k++) {
      const target = targets[table.entrySlot[k] ?? 0];
      const pair = table.entryPair[k] ?? 0;
      if (target) target[pair] = (target[pair] ?? 0) + weight;
    }
  }
  return counts;
}

/** Total comparisons in the table. */
export function tableComparisons(table: BattleTable): number {
  let total = 0;
  for (const m of table.multiplicity) total += m;
  return total;
}

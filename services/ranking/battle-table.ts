import type { BattleLog } from './battle-log.ts';
import { BattleOutcome } from './battle-log.ts';
import { indexJudgements, Slot } from './judgement-index.ts';
import type { Judgement, PairCounts } from './types.ts';

/**
 * Comparisons reduced to their distinct patterns with multiplicities. A pattern is the multiset
 * of (pair, slot) entries of one comparison: a lone battle is one entry, a comparison judged by
 * three crowd workers is three. A million battles among 100 policies collapse to at most
 * 4950 × 3 patterns, so aggregation and every bootstrap round (a multinomial draw over
 * patterns) cost the same whatever the number of battles.
 *
 * Canonical: policies sorted by code units, pairs by (first, second), patterns lexicographically
 * by their entries, so the same comparisons give the same table (and the same seeded bootstrap)
 * whether they came from a file or from the database, in whatever order.
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

/**
 * Entries are coded as (lo·n + hi)·3 + slot over sorted policy indices, so sorting codes sorts
 * by pair, then slot.
 */
class PatternCollector {
  private readonly single = new Map<number, number>();
  private readonly multi = new Map<string, { codes: number[]; count: number }>();

  constructor(readonly policies: readonly string[]) {}

  addSingle(code: number, count = 1): void {
    this.single.set(code, (this.single.get(code) ?? 0) + count);
  }

  addGroup(codes: number[]): void {
    if (codes.length === 1) return this.addSingle(codes[0] ?? 0);
    codes.sort((x, y) => x - y);
    const key = codes.join(',');
    const found = this.multi.get(key);
    if (found) found.count++;
    else this.multi.set(key, { codes, count: 1 });
  }

  finish(): BattleTable {
    const n = this.policies.length;
    const patterns = [
      ...[...this.single].map(([code, count]) => ({ codes: [code], count })),
      ...this.multi.values(),
    ].sort((x, y) => compareCodes(x.codes, y.codes));
    const pairKeys = [
      ...new Set(patterns.flatMap((p) => p.codes.map((code) => Math.floor(code / 3)))),
    ].sort((x, y) => x - y);
    const pairOf = new Map(pairKeys.map((key, i) => [key, i]));
    const entries = patterns.reduce((s, p) => s + p.codes.length, 0);
    const patternStart = new Int32Array(patterns.length + 1);
    const entryPair = new Int32Array(entries);
    const entrySlot = new Uint8Array(entries);
    let cursor = 0;
    patterns.forEach((pattern, p) => {
      patternStart[p] = cursor;
      for (const code of pattern.codes) {
        entryPair[cursor] = pairOf.get(Math.floor(code / 3)) ?? 0;
        entrySlot[cursor++] = code % 3;
      }
    });
    patternStart[patterns.length] = cursor;
    return {
      policies: this.policies,
      first: Int32Array.from(pairKeys, (key) => Math.floor(key / n)),
      second: Int32Array.from(pairKeys, (key) => key % n),
      patternStart,
      entryPair,
      entrySlot,
      multiplicity: Float64Array.from(patterns, (p) => p.count),
    };
  }
}

function compareCodes(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

// Code-unit order, not localeCompare: the policy order must not depend on the host's locale.
const byCodeUnits = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

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
  for (const codes of groups.values()) collector.addGroup(codes);
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
    collector.addGroup(codes);
  }
  return collector.finish();
}

/** Zeroed pair counts over the table's pairs. */
export function emptyTableCounts(table: BattleTable): PairCounts {
  const pairs = table.first.length;
  return {
    policies: table.policies,
    first: table.first,
    second: table.second,
    firstWins: new Float64Array(pairs),
    secondWins: new Float64Array(pairs),
    ties: new Float64Array(pairs),
  };
}

/**
 * Fills `counts` (from emptyTableCounts) with each pattern taken `weights[p]` times (default:
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

import type { BattleTable } from './battle-table.ts';
import { byCodeUnits } from './code-unit-order.ts';

interface Pattern {
  readonly codes: number[];
  count: number;
  /** The smallest comparison id (in code units) among the comparisons with this pattern. */
  firstId: string | undefined;
}

/**
 * Collects comparisons into the distinct patterns of a BattleTable. An entry is coded as
 * (lo·n + hi)·3 + slot over sorted policy indices, so sorting codes sorts by pair, then slot.
 *
 * Patterns are ordered by the smallest comparison id among their comparisons, and patterns
 * without any id after those, by their entries. A pattern's comparisons do not depend on how
 * policies are labelled, so neither does this order, nor therefore a seeded bootstrap's draws:
 * a campaign ranked under policy ids and its export ranked under policy names resample alike.
 */
export class PatternCollector {
  private readonly single = new Map<number, Pattern>();
  private readonly multi = new Map<string, Pattern>();

  constructor(readonly policies: readonly string[]) {}

  /** `count` comparisons of one entry, sharing the smallest comparison id `id` if any. */
  addSingle(code: number, count = 1, id?: string): void {
    const found = this.single.get(code);
    if (found) {
      found.count += count;
      found.firstId = smallerId(found.firstId, id);
    } else this.single.set(code, { codes: [code], count, firstId: id });
  }

  /** One comparison with these entries (sorted in place). */
  addGroup(codes: number[], id?: string): void {
    if (codes.length === 1) return this.addSingle(codes[0] ?? 0, 1, id);
    codes.sort((x, y) => x - y);
    const key = codes.join(',');
    const found = this.multi.get(key);
    if (found) {
      found.count++;
      found.firstId = smallerId(found.firstId, id);
    } else this.multi.set(key, { codes, count: 1, firstId: id });
  }

  finish(): BattleTable {
    const n = this.policies.length;
    const patterns = [...this.single.values(), ...this.multi.values()].sort(
      (x, y) => compareIds(x.firstId, y.firstId) || compareCodes(x.codes, y.codes),
    );
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

/** The smaller of two comparison ids in code-unit order; undefined (no id) only if both are. */
export function smallerId(x: string | undefined, y: string | undefined): string | undefined {
  return x === undefined || (y !== undefined && y < x) ? y : x;
}

/** Ids in code-unit order; no id sorts last. */
export function compareIds(x: string | undefined, y: string | undefined): number {
  if (x === undefined || y === undefined)
    return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0);
  return byCodeUnits(x, y);
}

function compareCodes(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

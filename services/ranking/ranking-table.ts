import { fillTableCounts } from './battle-table.ts';
import type { BattleTable } from './battle-table.ts';
import { byCodeUnits } from './code-unit-order.ts';
import { Slot } from './judgement-index.ts';
import { emptyPairCounts } from './pair-counts.ts';
import { compareIds, smallerId } from './pattern-collector.ts';
import { forEachChoiceSet, rankingGroups } from './plackett-luce-stages.ts';
import type { PlackettLuceStages } from './plackett-luce-stages.ts';
import type { RankingJudgement } from './types.ts';

/**
 * Rankings reduced to distinct resampling patterns with multiplicities, the Plackett-Luce
 * counterpart of a BattleTable. A pattern is the multiset of rankings of one unit: a lone
 * ranking, or all rankings sharing a comparisonId (several judges ranking the same rollouts, or
 * a cluster). The likelihood only needs, per distinct choice set, its total weight, and per
 * policy, its appearances; so a round of the bootstrap sums pattern weights into those (O(terms)
 * for the patterns drawn) and evaluates the likelihood over distinct choice sets, which are few
 * when there are few policies, however many rankings there are.
 *
 * Canonical like a BattleTable: policies sorted by code units, patterns by their smallest
 * comparison id, then by their rankings, so the same rankings in any order give the same table
 * and the same seeded bootstrap.
 */
export interface RankingTable {
  readonly policies: readonly string[];
  /** Distinct choice set s holds `setMembers[setStart[s] .. setStart[s + 1]]`. */
  readonly setStart: Int32Array;
  readonly setMembers: Int32Array;
  /** Pattern p adds `termWeight[k]` to choice set `termSet[k]` for k in termStart[p] .. [p + 1]. */
  readonly termStart: Int32Array;
  readonly termSet: Int32Array;
  readonly termWeight: Float64Array;
  /** Pattern p's policies (each once per ranking it is in): appearanceStart[p] .. [p + 1]. */
  readonly appearanceStart: Int32Array;
  readonly appearancePolicy: Int32Array;
  /** How many units have each pattern. */
  readonly multiplicity: Float64Array;
  /**
   * The pairwise relations each pattern implies (above: a win, same group: a tie), over the same
   * patterns and multiplicities: for connectivity, identifiability and win / loss tallies.
   */
  readonly implied: BattleTable;
}

interface Pattern {
  readonly rankings: (readonly (readonly number[])[])[];
  readonly key: string;
  count: number;
  firstId: string | undefined;
}

/**
 * The table of ranking judgements (validated by rankingGroups; throws InvalidJudgementError with
 * the judgement's index). Rankings sharing a comparisonId form one resampling unit; to resample
 * by judge or task, set comparisonId to that key first (clusterJudgements).
 */
export function rankingTableFromJudgements(judgements: readonly RankingJudgement[]): RankingTable {
  const names = new Set<string>();
  judgements.forEach((judgement, k) => {
    for (const group of rankingGroups(judgement, k)) for (const p of group) names.add(p);
  });
  const policies = [...names].sort(byCodeUnits);
  const indexOf = new Map(policies.map((p, i) => [p, i]));
  const patterns = new Map<string, Pattern>();
  const addUnit = (rankings: number[][][], id: string | undefined) => {
    const keyed = rankings.map((r) => ({ r, key: r.map((g) => g.join(',')).join('>') }));
    keyed.sort((x, y) => byCodeUnits(x.key, y.key));
    const key = keyed.map((x) => x.key).join('|');
    const found = patterns.get(key);
    if (found) {
      found.count++;
      found.firstId = smallerId(found.firstId, id);
    } else patterns.set(key, { rankings: keyed.map((x) => x.r), key, count: 1, firstId: id });
  };
  const shared = new Map<string, number[][][]>();
  judgements.forEach((judgement, k) => {
    // Validated above; groups are sorted so that a tied group's order does not matter.
    const ranking = rankingGroups(judgement, k).map((group) =>
      group.map((p) => indexOf.get(p) ?? 0).sort((x, y) => x - y),
    );
    const id = judgement.comparisonId;
    if (id === undefined) return addUnit([ranking], undefined); // a unit of its own
    const members = shared.get(id);
    if (members) members.push(ranking);
    else shared.set(id, [ranking]);
  });
  for (const [id, rankings] of shared) addUnit(rankings, id);
  const ordered = [...patterns.values()].sort(
    (x, y) => compareIds(x.firstId, y.firstId) || byCodeUnits(x.key, y.key),
  );
  return compileTable(policies, ordered);
}

function compileTable(policies: readonly string[], patterns: readonly Pattern[]): RankingTable {
  const n = policies.length;
  const setOf = new Map<string, number>();
  const setStart: number[] = [0];
  const setMembers: number[] = [];
  const termStart: number[] = [];
  const termSet: number[] = [];
  const termWeight: number[] = [];
  const appearanceStart: number[] = [];
  const appearancePolicy: number[] = [];
  const impliedCodes: number[][] = [];
  for (const pattern of patterns) {
    termStart.push(termSet.length);
    appearanceStart.push(appearancePolicy.length);
    const weightOfSet = new Map<number, number>();
    const codes: number[] = [];
    for (const groups of pattern.rankings) {
      forEachChoiceSet(groups, (members, weight) => {
        const sorted = [...members].sort((x, y) => x - y);
        const key = sorted.join(',');
        let set = setOf.get(key);
        if (set === undefined) {
          set = setOf.size;
          setOf.set(key, set);
          setMembers.push(...sorted);
          setStart.push(setMembers.length);
        }
        weightOfSet.set(set, (weightOfSet.get(set) ?? 0) + weight);
      });
      groups.forEach((group, level) => {
        for (const p of group) {
          appearancePolicy.push(p);
          for (const q of group) if (q > p) codes.push((p * n + q) * 3 + Slot.Tie);
          for (const lower of groups.slice(level + 1)) {
            for (const q of lower) {
              codes.push(
                p < q ? (p * n + q) * 3 + Slot.FirstWins : (q * n + p) * 3 + Slot.SecondWins,
              );
            }
          }
        }
      });
    }
    for (const [set, weight] of weightOfSet) {
      termSet.push(set);
      termWeight.push(weight);
    }
    impliedCodes.push(codes);
  }
  termStart.push(termSet.length);
  appearanceStart.push(appearancePolicy.length);
  const multiplicity = Float64Array.from(patterns, (p) => p.count);
  return {
    policies,
    setStart: Int32Array.from(setStart),
    setMembers: Int32Array.from(setMembers),
    termStart: Int32Array.from(termStart),
    termSet: Int32Array.from(termSet),
    termWeight: Float64Array.from(termWeight),
    appearanceStart: Int32Array.from(appearanceStart),
    appearancePolicy: Int32Array.from(appearancePolicy),
    multiplicity,
    implied: impliedTable(policies, impliedCodes, multiplicity),
  };
}

/** A BattleTable whose pattern p holds `codes[p]` ((lo·n + hi)·3 + slot), not deduplicated. */
function impliedTable(
  policies: readonly string[],
  codes: readonly (readonly number[])[],
  multiplicity: Float64Array,
): BattleTable {
  const n = policies.length;
  const pairKeys = [...new Set(codes.flat().map((code) => Math.floor(code / 3)))].sort(
    (x, y) => x - y,
  );
  const pairOf = new Map(pairKeys.map((key, i) => [key, i]));
  const patternStart = new Int32Array(codes.length + 1);
  const entries = codes.flat();
  codes.reduce((cursor, pattern, p) => {
    patternStart[p] = cursor;
    return cursor + pattern.length;
  }, 0);
  patternStart[codes.length] = entries.length;
  return {
    policies,
    first: Int32Array.from(pairKeys, (key) => Math.floor(key / n)),
    second: Int32Array.from(pairKeys, (key) => key % n),
    patternStart,
    entryPair: Int32Array.from(entries, (code) => pairOf.get(Math.floor(code / 3)) ?? 0),
    entrySlot: Uint8Array.from(entries, (code) => code % 3),
    multiplicity,
  };
}

/** Zeroed stages over a table's choice sets, to be filled by fillRankingStages. */
export function emptyRankingStages(table: RankingTable): PlackettLuceStages {
  return {
    policies: table.policies,
    appearances: new Float64Array(table.policies.length),
    weight: new Float64Array(table.setStart.length - 1),
    start: table.setStart,
    members: table.setMembers,
    impliedCounts: emptyPairCounts(table.implied),
  };
}

/**
 * Fills `stages` (from emptyRankingStages(table)) with each pattern taken `weights[p]` times
 * (default: its multiplicity, i.e. the data as observed), implied pair counts included.
 */
export function fillRankingStages(
  table: RankingTable,
  stages: PlackettLuceStages,
  weights: ArrayLike<number> = table.multiplicity,
): PlackettLuceStages {
  const { appearances, weight } = stages;
  appearances.fill(0);
  weight.fill(0);
  const { termStart, termSet, termWeight, appearanceStart, appearancePolicy } = table;
  for (let p = 0; p + 1 < termStart.length; p++) {
    const w = weights[p] ?? 0;
    if (w === 0) continue;
    for (let k = termStart[p] ?? 0; k < (termStart[p + 1] ?? 0); k++) {
      const set = termSet[k] ?? 0;
      weight[set] = (weight[set] ?? 0) + w * (termWeight[k] ?? 0);
    }
    for (let k = appearanceStart[p] ?? 0; k < (appearanceStart[p + 1] ?? 0); k++) {
      const policy = appearancePolicy[k] ?? 0;
      appearances[policy] = (appearances[policy] ?? 0) + w;
    }
  }
  fillTableCounts(table.implied, stages.impliedCounts, weights);
  return stages;
}

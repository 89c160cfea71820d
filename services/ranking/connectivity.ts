import type { PairCounts } from './types.ts';

/**
 * Connected components of the comparison graph (policies are nodes, a pair with any judgement
 * is an edge), as lists of policy indices, largest first, ties broken by smallest index.
 * Ratings are only comparable within a component: across components nothing links the scales.
 */
export function connectedComponents(counts: PairCounts): number[][] {
  const parent = Int32Array.from(counts.policies, (_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
    // Path compression keeps repeated lookups near constant time.
    for (let k = i; k !== r;) {
      const next = parent[k] ?? r;
      parent[k] = r;
      k = next;
    }
    return r;
  };
  for (let k = 0; k < counts.first.length; k++) {
    const total = (counts.firstWins[k] ?? 0) + (counts.secondWins[k] ?? 0) + (counts.ties[k] ?? 0);
    if (total <= 0) continue;
    const a = root(counts.first[k] ?? 0);
    const b = root(counts.second[k] ?? 0);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const byRoot = new Map<number, number[]>();
  counts.policies.forEach((_, i) => {
    const r = root(i);
    const members = byRoot.get(r);
    if (members) members.push(i);
    else byRoot.set(r, [i]);
  });
  return [...byRoot.values()].sort((x, y) => y.length - x.length || (x[0] ?? 0) - (y[0] ?? 0));
}

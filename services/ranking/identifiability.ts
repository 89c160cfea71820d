import type { PairCounts, TieModel } from './types.ts';

/**
 * Why the maximum-likelihood estimate (no prior) does not exist for these counts, or null if it
 * does. Strengths are finite only if, within each connected component, no group of policies
 * avoided ever losing (or ever winning) against the rest: the "beat or tied" digraph must be
 * strongly connected, a tie counting both ways. Davidson's nu is finite only if some judgement
 * was decisive. Without this check an optimiser can stop where rounding flattens the slope and
 * report a "converged" fit at what is really infinity.
 */
export function missingMaximumLikelihood(
  counts: PairCounts,
  ties: TieModel,
  components: readonly (readonly number[])[],
): string | null {
  const n = counts.policies.length;
  const scoredAgainst: number[][] = Array.from({ length: n }, () => []);
  const lostTo: number[][] = Array.from({ length: n }, () => []);
  let decisive = 0;
  let tied = 0;
  for (let k = 0; k < counts.first.length; k++) {
    const i = counts.first[k] ?? 0;
    const j = counts.second[k] ?? 0;
    const tiesHere = counts.ties[k] ?? 0;
    const iWins = counts.firstWins[k] ?? 0;
    const jWins = counts.secondWins[k] ?? 0;
    decisive += iWins + jWins;
    tied += tiesHere;
    if (iWins + tiesHere > 0) link(scoredAgainst, lostTo, i, j);
    if (jWins + tiesHere > 0) link(scoredAgainst, lostTo, j, i);
  }
  for (const component of components) {
    const root = component[0];
    if (root === undefined) continue;
    const reachedForward = reachable(scoredAgainst, root);
    const reachedBackward = reachable(lostTo, root);
    if (component.some((i) => !reachedForward.has(i) || !reachedBackward.has(i))) {
      return 'some policies never lost (or never won) against the rest of their component';
    }
  }
  if (ties === 'davidson' && tied > 0 && decisive === 0) {
    return 'every judgement is a tie, so the tie parameter is infinite';
  }
  return null;
}

function link(forward: number[][], backward: number[][], from: number, to: number): void {
  forward[from]?.push(to);
  backward[to]?.push(from);
}

function reachable(edges: readonly (readonly number[])[], root: number): Set<number> {
  const seen = new Set([root]);
  const stack = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (const next of edges[node] ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return seen;
}

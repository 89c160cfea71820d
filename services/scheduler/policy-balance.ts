import type { Pairing } from './uniform-pairing.ts';

/**
 * How far apart (in comparisons) the most and least scheduled policies of a campaign may drift
 * before the scheduler steers pairs to the one left behind: 2, or a tenth of the mean share.
 */
export function imbalanceMargin(counts: ReadonlyMap<string, number>): number {
  const values = [...counts.values()];
  const mean = values.reduce((sum, n) => sum + n, 0) / Math.max(1, values.length);
  return Math.max(2, Math.ceil(mean / 10));
}

/** Whether the campaign's policies have drifted apart by more than `imbalanceMargin`. */
export function isImbalanced(counts: ReadonlyMap<string, number>): boolean {
  const values = [...counts.values()];
  if (values.length < 2) return false;
  return Math.max(...values) - Math.min(...values) > imbalanceMargin(counts);
}

/**
 * Keeps a campaign's policies in about equal numbers of comparisons: while they are within
 * `imbalanceMargin` the drawn pairing stands (uniform pairing as designed); past it, the least
 * scheduled policy takes one side of the pair, so a policy left out while its server was down
 * catches up once it is back. `counts` (policy id -> comparisons scheduled) is updated.
 */
export function balancePairing(pairing: Pairing, counts: Map<string, number>): Pairing {
  let chosen = pairing;
  if (isImbalanced(counts)) {
    const [lowest] = [...counts.entries()].sort(
      ([a, x], [b, y]) => x - y || a.localeCompare(b),
    )[0]!;
    if (pairing.policyAId !== lowest && pairing.policyBId !== lowest) {
      chosen = { ...pairing, policyAId: lowest };
    }
  }
  for (const id of [chosen.policyAId, chosen.policyBId]) counts.set(id, (counts.get(id) ?? 0) + 1);
  return chosen;
}

/**
 * Comparison slots of the budget kept back for policies that sit out while their servers are
 * down: as many as each needs to reach an equal share of the budget's places (two per
 * comparison). Without them the reachable policies would spend the whole budget meanwhile and
 * the returning policy could never catch up; with them the campaign waits for its server.
 */
export function slotsHeldForAbsent(
  counts: ReadonlyMap<string, number>,
  absent: ReadonlySet<string>,
  budget: number,
): number {
  if (absent.size === 0 || counts.size === 0) return 0;
  const equalShare = (2 * budget) / counts.size;
  let held = 0;
  for (const id of absent) held += Math.max(0, Math.floor(equalShare - (counts.get(id) ?? 0)));
  return held;
}

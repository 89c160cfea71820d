import { deriveSeed, SeededRandom } from '../../lib/seeded-random.ts';
import { chooseActivePairs } from '../ranking/active-pair-selection.ts';
import { aggregateCounts, fitBradleyTerry, type Judgement } from '../ranking/index.ts';
import type { Pairing } from './uniform-pairing.ts';

/** What active pairing needs to know about a campaign so far. */
export interface ActivePairingInput {
  campaignSeed: number;
  /** Ordinal of the first comparison to choose; seeds the choice so a replay picks the same. */
  firstOrdinal: number;
  policyIds: readonly string[];
  taskIds: readonly string[];
  /** The judgements the campaign's ranking counts. */
  judgements: readonly Judgement[];
  /** Every comparison scheduled so far, finished or in flight, by policy and task. */
  scheduled: readonly { policyAId: string; policyBId: string; taskId: string }[];
}

/**
 * Chooses the next `count` comparisons to reduce ranking uncertainty fastest (the criterion of
 * `chooseActivePairs`, with 10% of choices uniform so that no pair is starved). Comparisons in
 * flight count as already made: they will bring the information the selector credits them with,
 * so a batch never piles onto one pair. Within a pair, the side is random and the task is the one
 * that pair has been compared on least, so tasks stay balanced per pair.
 */
export function activePairings(input: ActivePairingInput, count: number): Pairing[] {
  const { policyIds, taskIds } = input;
  const n = policyIds.length;
  const index = new Map(policyIds.map((id, i) => [id, i]));
  const logStrengths = new Float64Array(n);
  let tieParameter = 0;
  if (input.judgements.length > 0) {
    const fit = fitBradleyTerry(aggregateCounts(input.judgements));
    fit.policies.forEach((policy, k) => {
      const i = index.get(policy);
      if (i !== undefined) logStrengths[i] = fit.logStrengths[k] ?? 0;
    });
    tieParameter = fit.tieParameter ?? 0;
  }
  const pairComparisons = new Float64Array(n * n);
  const taskUse = new Map<string, number>();
  for (const c of input.scheduled) {
    const i = index.get(c.policyAId);
    const j = index.get(c.policyBId);
    if (i === undefined || j === undefined) continue;
    pairComparisons[i * n + j] = (pairComparisons[i * n + j] ?? 0) + 1;
    pairComparisons[j * n + i] = (pairComparisons[j * n + i] ?? 0) + 1;
    const key = `${Math.min(i, j)}:${Math.max(i, j)}:${c.taskId}`;
    taskUse.set(key, (taskUse.get(key) ?? 0) + 1);
  }
  const random = new SeededRandom(deriveSeed(input.campaignSeed, `active:${input.firstOrdinal}`));
  const choices = chooseActivePairs({ logStrengths, tieParameter, pairComparisons }, count, () =>
    random.next(),
  );
  return choices.map(({ first, second }) => {
    const [a, b] = random.next() < 0.5 ? [first, second] : [second, first];
    const pairKey = `${Math.min(a, b)}:${Math.max(a, b)}`;
    const uses = taskIds.map((t) => taskUse.get(`${pairKey}:${t}`) ?? 0);
    const fewest = Math.min(...uses);
    const candidates = taskIds.filter((_, k) => uses[k] === fewest);
    const taskId = candidates[random.integer(candidates.length)]!;
    taskUse.set(`${pairKey}:${taskId}`, fewest + 1);
    return {
      policyAId: policyIds[a]!,
      policyBId: policyIds[b]!,
      taskId,
      episodeSeed: random.integer(2 ** 31),
    };
  });
}

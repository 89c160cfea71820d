import { deriveSeed, SeededRandom } from '../../lib/seeded-random.ts';

/** One scheduled comparison: which policy plays A, which B, on which task, from which state. */
export interface Pairing {
  policyAId: string;
  policyBId: string;
  taskId: string;
  /** Initial-state seed shared by both episodes. */
  episodeSeed: number;
}

/**
 * Picks the pairing for slot `ordinal` of a campaign: a uniformly random pair of distinct
 * policies, a random side assignment and a uniformly random task. It is a pure function of
 * (campaignSeed, ordinal), so a comparison recreated after a crash is the same comparison.
 */
export function uniformPairing(
  campaignSeed: number,
  ordinal: number,
  policyIds: readonly string[],
  taskIds: readonly string[],
): Pairing {
  if (policyIds.length < 2) throw new Error('a campaign needs at least two policies to pair');
  if (taskIds.length < 1) throw new Error('a campaign needs at least one task');
  const random = new SeededRandom(deriveSeed(campaignSeed, `slot:${ordinal}`));
  const first = random.integer(policyIds.length);
  // Drawing the second from the remaining n-1 keeps every ordered pair equally likely.
  let second = random.integer(policyIds.length - 1);
  if (second >= first) second += 1;
  const taskId = taskIds[random.integer(taskIds.length)]!;
  const episodeSeed = random.integer(2 ** 31);
  return { policyAId: policyIds[first]!, policyBId: policyIds[second]!, taskId, episodeSeed };
}

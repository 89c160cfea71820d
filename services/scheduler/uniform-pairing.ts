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
  const random = mulberry32(mix(campaignSeed, ordinal));
  const first = Math.floor(random() * policyIds.length);
  // Drawing the second from the remaining n-1 keeps every unordered pair equally likely.
  let second = Math.floor(random() * (policyIds.length - 1));
  if (second >= first) second += 1;
  const taskId = taskIds[Math.floor(random() * taskIds.length)]!;
  const episodeSeed = Math.floor(random() * 2 ** 31);
  return { policyAId: policyIds[first]!, policyBId: policyIds[second]!, taskId, episodeSeed };
}

function mix(seed: number, ordinal: number): number {
  let h = (seed ^ Math.imul(ordinal + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

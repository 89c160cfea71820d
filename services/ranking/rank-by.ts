import { rankPolicies } from './rank-policies.ts';
import type { Judgement, Leaderboard, RankOptions } from './types.ts';
import { byCodeUnits } from './code-unit-order.ts';

/** What to break a leaderboard down by: a judgement field, or a function returning the group. */
export type BreakdownKey =
  'task' | 'judge' | 'source' | ((judgement: Judgement) => string | undefined);

/**
 * One leaderboard per group (per task, per judgement source, per evaluator, ...), each fitted
 * with the same options on that group's judgements alone, keyed by group and sorted by key.
 * Judgements without a group (field absent, function returns undefined) are left out; so a
 * group's ratings are comparable only within it (each is centred on its own policies, unless an
 * anchor present in every group is used). With options.anchor, groups lacking the anchor throw
 * UnknownPolicyError, like rankPolicies; otherwise throws what rankPolicies throws.
 */
export function rankBy(
  judgements: readonly Judgement[],
  key: BreakdownKey,
  options: RankOptions = {},
): Map<string, Leaderboard> {
  const groupOf = typeof key === 'function' ? key : (j: Judgement) => j[key];
  const groups = new Map<string, Judgement[]>();
  for (const judgement of judgements) {
    const group = groupOf(judgement);
    if (group === undefined) continue;
    const members = groups.get(group);
    if (members) members.push(judgement);
    else groups.set(group, [judgement]);
  }
  const keys = [...groups.keys()].sort(byCodeUnits);
  return new Map(keys.map((group) => [group, rankPolicies(groups.get(group) ?? [], options)]));
}

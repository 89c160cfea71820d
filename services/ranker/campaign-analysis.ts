import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { FieldError } from '../errors.ts';
import type { AutoHumanAgreement, ComparisonPlan, Judgement } from '../ranking/index.ts';
import { sharedRankingPool } from './ranking-pool.ts';
import { perturbationFields } from '../../sim/index.ts';
import { campaignPolicyNames, loadCampaignJudgements } from './campaign-judgements.ts';
import type { BreakdownGroup } from '../../contract/breakdown-group.ts';
export type { BreakdownGroup };

/**
 * Fewer rounds than the published leaderboard: a breakdown is a look, refitted per request (on a
 * ranking thread, so a breakdown by hundreds of judges does not stall the API).
 */
const breakdownBootstrapRounds = 300;

/** A judgement field, or `perturbation.<field>`: one group per value that field took. */
export type BreakdownBy = 'task' | 'source' | 'judge' | `perturbation.${string}`;

/**
 * One leaderboard per task, per judgement source or per judge. By source it uses every recorded
 * judgement (that is its point: auto against crowd against evaluator); by task or judge only
 * those the campaign's ranking counts. Each group is fitted on its own, so ratings compare only
 * within a group.
 */
export async function campaignBreakdown(
  db: Kysely<Database>,
  campaignId: string,
  by: BreakdownBy,
): Promise<BreakdownGroup[]> {
  const judgements = await loadCampaignJudgements(db, campaignId, { countedOnly: by !== 'source' });
  const names = await campaignPolicyNames(db, campaignId);
  const tasks = await db.selectFrom('tasks').select(['id', 'name']).execute();
  const taskName = new Map(tasks.map((t) => [t.id, t.name]));
  const groupOf = await groupingFor(db, campaignId, by);
  const groups = judgements.map(groupOf);
  const boards = await sharedRankingPool().run({
    kind: 'breakdown',
    judgements,
    groups,
    bootstrapRounds: breakdownBootstrapRounds,
  });
  return boards.map(([key, board]) => ({
    key,
    label: by === 'task' ? (taskName.get(key) ?? key) : key,
    judgementCount: groups.filter((group) => group === key).length,
    leaderboard: board.entries.map((e) => ({
      policy: names.get(e.policy) ?? e.policy,
      rating: e.rating,
      ciLow: e.ciLow,
      ciHigh: e.ciHigh,
      comparisons: e.comparisons,
      wins: e.wins,
      losses: e.losses,
      ties: e.ties,
    })),
  }));
}

/** The group of a judgement: one of its fields, or the value of a perturbation field it ran under. */
async function groupingFor(
  db: Kysely<Database>,
  campaignId: string,
  by: BreakdownBy,
): Promise<(j: Judgement) => string | undefined> {
  if (by === 'task' || by === 'source' || by === 'judge') return (j) => j[by];
  const field = by.slice('perturbation.'.length);
  if (!(perturbationFields as string[]).includes(field)) {
    throw new FieldError(
      'by',
      `"${field}" is not a perturbation field; one of ${perturbationFields.join(', ')}`,
    );
  }
  const rows = await db
    .selectFrom('comparisons')
    .select(['id', 'perturbation'])
    .where('campaign_id', '=', campaignId)
    .where('perturbation', 'is not', null)
    .execute();
  const value = new Map(
    rows.map((r) => [
      r.id,
      JSON.stringify((JSON.parse(r.perturbation ?? '{}') as Record<string, unknown>)[field]),
    ]),
  );
  return (j) => (j.comparisonId === undefined ? undefined : value.get(j.comparisonId));
}

/** How often the automatic outcome agrees with the human judgements of the same comparison. */
export async function campaignAgreement(
  db: Kysely<Database>,
  campaignId: string,
): Promise<AutoHumanAgreement> {
  return sharedRankingPool().run({
    kind: 'agreement',
    judgements: await loadCampaignJudgements(db, campaignId, { countedOnly: false }),
  });
}

/**
 * Further paired comparisons needed to separate policies `a` and `b` (ids or names) at 95% with
 * 80% power, from the judgements the campaign's ranking counts.
 */
export async function campaignPlan(
  db: Kysely<Database>,
  campaignId: string,
  a: string,
  b: string,
): Promise<ComparisonPlan> {
  const names = await campaignPolicyNames(db, campaignId);
  const idOf = (ref: string, field: 'a' | 'b'): string => {
    if (names.has(ref)) return ref;
    const found = [...names.entries()].find(([, name]) => name === ref)?.[0];
    if (found === undefined)
      throw new FieldError(field, `"${ref}" is not a policy of this campaign`);
    return found;
  };
  const [aId, bId] = [idOf(a, 'a'), idOf(b, 'b')];
  if (aId === bId) throw new FieldError('b', 'must differ from a');
  const plan = await sharedRankingPool().run({
    kind: 'plan',
    judgements: await loadCampaignJudgements(db, campaignId),
    a: aId,
    b: bId,
  });
  return { ...plan, a: names.get(aId) ?? aId, b: names.get(bId) ?? bId };
}

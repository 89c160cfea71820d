import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../services/db/schema.ts';
import { builtinPolicyNames } from '../../sim/index.ts';
import { firstSimTask, waitFor } from './fixtures.ts';
import { postJson } from './services.ts';

export interface CampaignState {
  status: string;
  completed: number;
  failed: number;
}

/** Registers the built-in policies and a task over the API and starts campaign `name`. */
export async function startCampaign(
  url: string,
  name: string,
  { budget, maxInFlight = 4 }: { budget: number; maxInFlight?: number },
): Promise<string> {
  for (const policy of builtinPolicyNames)
    await postJson(url, '/api/policies', { name: policy, kind: 'builtin', builtin: policy });
  await postJson(url, '/api/tasks', { name: 'task', simTask: firstSimTask.name });
  const res = await postJson(url, '/api/campaigns', {
    name,
    policies: [...builtinPolicyNames],
    tasks: ['task'],
    budget,
    maxInFlight,
    start: true,
  });
  assert.equal(res.status, 201, await res.clone().text());
  const body = (await res.json()) as { campaign: { id: string } };
  return body.campaign.id;
}

/** The campaign's status and counts as the API reports them; undefined while it cannot answer. */
export async function campaignState(url: string, ref: string): Promise<CampaignState | undefined> {
  try {
    const res = await fetch(`${url}/api/campaigns/${ref}`);
    if (!res.ok) return undefined;
    const { campaign } = (await res.json()) as {
      campaign: { status: string; progress: { completed: number; failed: number } };
    };
    return { status: campaign.status, ...campaign.progress };
  } catch {
    return undefined;
  }
}

export function untilCompleted(
  url: string,
  ref: string,
  atLeast: number,
  timeoutMs = 180_000,
): Promise<CampaignState> {
  return waitFor(
    async () => {
      const state = await campaignState(url, ref);
      return state !== undefined && state.completed >= atLeast ? state : undefined;
    },
    { timeoutMs, intervalMs: 250, what: `${atLeast} completed comparisons of ${ref}` },
  );
}

/**
 * What every fault must leave behind: the campaign completed with exactly `budget` completed
 * comparisons, none still queued, and each with exactly two episodes and one automatic judgement.
 */
export async function assertEveryComparisonOnce(
  db: Kysely<Database>,
  campaignId: string,
  budget: number,
): Promise<void> {
  const campaign = await db
    .selectFrom('campaigns')
    .select('status')
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow();
  assert.equal(campaign.status, 'completed');
  const comparisons = await db
    .selectFrom('comparisons')
    .select(['id', 'status'])
    .where('campaign_id', '=', campaignId)
    .execute();
  const completed = comparisons.filter((c) => c.status === 'completed').map((c) => c.id);
  assert.equal(completed.length, budget, 'completed comparisons == budget');
  assert.equal(comparisons.filter((c) => c.status === 'queued').length, 0);
  const episodes = await db
    .selectFrom('episodes')
    .innerJoin('comparisons', 'comparisons.id', 'episodes.comparison_id')
    .select(['episodes.comparison_id', 'episodes.side'])
    .where('comparisons.campaign_id', '=', campaignId)
    .execute();
  const judgements = await db
    .selectFrom('judgements')
    .innerJoin('comparisons', 'comparisons.id', 'judgements.comparison_id')
    .select(['judgements.comparison_id', 'judgements.source'])
    .where('comparisons.campaign_id', '=', campaignId)
    .execute();
  for (const id of completed) {
    const sides = episodes.filter((e) => e.comparison_id === id).map((e) => e.side);
    assert.deepEqual(sides.sort(), ['A', 'B'], `comparison ${id} has exactly episodes A and B`);
    const auto = judgements.filter((j) => j.comparison_id === id && j.source === 'auto');
    assert.equal(auto.length, 1, `comparison ${id} has exactly one automatic judgement`);
  }
  // Nothing recorded for a comparison that did not complete.
  assert.equal(episodes.length, 2 * budget);
  assert.equal(judgements.filter((j) => j.source === 'auto').length, budget);
}

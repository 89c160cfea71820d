import type { Kysely } from 'kysely';
import { registerPolicy } from '../../services/catalog/policy-store.ts';
import { registerTask } from '../../services/catalog/task-store.ts';
import { createCampaign } from '../../services/campaigns/campaign-store.ts';
import {
  recordComparisonResult,
  type RecordedEpisode,
} from '../../services/comparisons/record-comparison-result.ts';
import type { Database, JudgementSource, PairingStrategy } from '../../services/db/schema.ts';
import { builtinPolicyNames, listTasks } from '../../sim/index.ts';

export const firstSimTask = listTasks()[0]!;

/** Registers every built-in policy and the first sim task, and creates a campaign over them. */
export async function seedCampaign(
  db: Kysely<Database>,
  {
    budget,
    start = false,
    maxInFlight = 4,
    seed = 7,
    judgementSources = ['auto'],
    pairing = 'uniform',
  }: {
    budget: number;
    start?: boolean;
    maxInFlight?: number;
    seed?: number;
    judgementSources?: JudgementSource[];
    pairing?: PairingStrategy;
  },
): Promise<string> {
  for (const name of builtinPolicyNames)
    await registerPolicy(db, { name, kind: 'builtin', builtin: name });
  await registerTask(db, {
    name: firstSimTask.name,
    simTask: firstSimTask.name,
    instruction: firstSimTask.instruction,
  });
  const { campaignId } = await createCampaign(db, {
    name: 'test-campaign',
    policies: [...builtinPolicyNames],
    tasks: [firstSimTask.name],
    budget,
    maxInFlight,
    pairing,
    seed,
    judgementSources,
    start,
  });
  return campaignId;
}

/** Polls `check` until it returns a value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 60_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A finished episode as the comparison processor records it, for tests that need judgements. */
export function recordedEpisode(
  comparisonId: string,
  side: 'A' | 'B',
  success: boolean,
): RecordedEpisode {
  return {
    comparisonId,
    side,
    success,
    progress: success ? 1 : 0.2,
    steps: 10,
    durationMs: 400,
    error: null,
    timeToSuccessMs: success ? 300 : null,
    pathLengthM: 0.3,
    peakContactForceN: 2,
    perturbation: null,
    trajectoryRef: null,
  };
}

/** Policy id by name, for tests that speak of policies by name. */
export async function policyIdsByName(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('policies').select(['id', 'name']).execute();
  return new Map(rows.map((p) => [p.name, p.id]));
}

/**
 * Inserts comparison slot `ordinal` of a campaign between two policies (ids), queued unless told
 * otherwise, on the campaign's first task unless one is given. Returns the comparison id.
 */
export async function insertComparison(
  db: Kysely<Database>,
  campaignId: string,
  spec: {
    ordinal: number;
    policyA: string;
    policyB: string;
    taskId?: string;
    status?: 'queued' | 'completed';
  },
): Promise<string> {
  const taskId =
    spec.taskId ??
    (
      await db
        .selectFrom('campaign_tasks')
        .select('task_id')
        .where('campaign_id', '=', campaignId)
        .executeTakeFirstOrThrow()
    ).task_id;
  const id = `${campaignId}-${spec.ordinal}`;
  const now = new Date().toISOString();
  const status = spec.status ?? 'queued';
  await db
    .insertInto('comparisons')
    .values({
      id,
      campaign_id: campaignId,
      ordinal: spec.ordinal,
      task_id: taskId,
      seed: spec.ordinal,
      policy_a_id: spec.policyA,
      policy_b_id: spec.policyB,
      status,
      error: null,
      created_at: now,
      completed_at: status === 'completed' ? now : null,
    })
    .execute();
  return id;
}

/**
 * Records `times` finished comparisons (through the comparison processor's own write) in which
 * policy `winner` succeeds and `loser` fails, appended after the campaign's existing slots.
 */
export async function recordWins(
  db: Kysely<Database>,
  campaignId: string,
  winner: string,
  loser: string,
  times = 1,
): Promise<void> {
  const ids = await policyIdsByName(db);
  for (let k = 0; k < times; k++) {
    const ordinal = (
      await db
        .selectFrom('comparisons')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .execute()
    ).length;
    const id = await insertComparison(db, campaignId, {
      ordinal,
      policyA: ids.get(winner)!,
      policyB: ids.get(loser)!,
    });
    await recordComparisonResult(db, id, {
      kind: 'completed',
      episodes: { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) },
    });
  }
}

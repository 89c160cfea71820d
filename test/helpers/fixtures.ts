import type { Kysely } from 'kysely';
import { registerPolicy } from '../../services/catalog/policy-store.ts';
import { registerTask } from '../../services/catalog/task-store.ts';
import { createCampaign } from '../../services/campaigns/campaign-store.ts';
import type { RecordedEpisode } from '../../services/comparisons/record-comparison-result.ts';
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

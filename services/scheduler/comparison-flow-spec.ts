import type { Kysely } from 'kysely';
import type { JobSecret } from '../../queue/job-secret.ts';
import type { Perturbation } from '../../sim/index.ts';
import { rolloutPolicy } from '../catalog/policy-store.ts';
import { defaultStationEpisodeS } from '../campaigns/campaign-store.ts';
import type { Database } from '../db/schema.ts';
import { ensurePolicyHandles, policyRelayUrl } from '../stations/policy-handles.ts';
import type { ComparisonFlowSpec } from './comparison-flow.ts';

/**
 * What to enqueue for a comparison row, read back from the database so that scheduling and
 * crash repair build exactly the same flow. `relayBaseUrl` (ws://host:port of the services) is
 * needed only for station comparisons, whose policies are reached through the relay; `secret`
 * only for comparisons of remote policies, whose specs the rollout jobs carry sealed.
 */
export async function comparisonFlowSpec(
  db: Kysely<Database>,
  comparisonId: string,
  relayBaseUrl: string | undefined,
  secret?: JobSecret,
): Promise<ComparisonFlowSpec> {
  const row = await db
    .selectFrom('comparisons')
    .innerJoin('tasks', 'tasks.id', 'comparisons.task_id')
    .innerJoin('campaigns', 'campaigns.id', 'comparisons.campaign_id')
    .innerJoin('policies as pa', 'pa.id', 'comparisons.policy_a_id')
    .innerJoin('policies as pb', 'pb.id', 'comparisons.policy_b_id')
    .select([
      'comparisons.campaign_id',
      'comparisons.seed',
      'comparisons.perturbation',
      'comparisons.station',
      'campaigns.station_episode_s',
      'campaigns.request_id',
      'tasks.name as task_name',
      'tasks.sim_task',
      'tasks.instruction',
      'pa.kind as kind_a',
      'pa.config as config_a',
      'pb.kind as kind_b',
      'pb.config as config_b',
    ])
    .where('comparisons.id', '=', comparisonId)
    .executeTakeFirstOrThrow();
  if (row.station !== null) {
    if (relayBaseUrl === undefined) {
      throw new Error('station comparisons need the services relay address (relayBaseUrl)');
    }
    const handles = await ensurePolicyHandles(db, comparisonId);
    return {
      kind: 'station',
      comparisonId,
      campaignId: row.campaign_id,
      requestId: row.request_id,
      job: {
        comparisonId,
        station: row.station,
        // The station sees the task as the evaluator sets it up; the simulator's task name lets
        // a simulated stand-in station build the same scene.
        task: { name: row.sim_task, instruction: row.instruction },
        policies: {
          A: policyRelayUrl(relayBaseUrl, handles.A),
          B: policyRelayUrl(relayBaseUrl, handles.B),
        },
        episodeTimeLimitS: row.station_episode_s ?? defaultStationEpisodeS,
      },
    };
  }
  return {
    kind: 'sim',
    comparisonId,
    campaignId: row.campaign_id,
    simTask: row.sim_task,
    episodeSeed: row.seed,
    policyA: rolloutPolicy(row.kind_a, row.config_a, secret),
    policyB: rolloutPolicy(row.kind_b, row.config_b, secret),
    perturbation: row.perturbation === null ? null : (JSON.parse(row.perturbation) as Perturbation),
    requestId: row.request_id,
  };
}

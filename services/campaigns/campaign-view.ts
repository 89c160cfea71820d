import type { Kysely } from 'kysely';
import type { Campaign, Database } from '../db/schema.ts';
import { comparisonCounts } from '../comparisons/comparison-counts.ts';
import { getCampaignRow } from './campaign-store.ts';
import type { CampaignProgress, CampaignView } from '../../contract/campaign-view.ts';
export type { CampaignProgress, CampaignView };

export async function getCampaignView(db: Kysely<Database>, ref: string): Promise<CampaignView> {
  const row = await getCampaignRow(db, ref);
  const [view] = await buildViews(db, [row]);
  return view!;
}

export async function listCampaignViews(db: Kysely<Database>): Promise<CampaignView[]> {
  const rows = await db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').execute();
  return buildViews(db, rows);
}

async function buildViews(db: Kysely<Database>, rows: Campaign[]): Promise<CampaignView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = await comparisonCounts(db, ids);
  const policies = await db
    .selectFrom('campaign_policies')
    .innerJoin('policies', 'policies.id', 'campaign_policies.policy_id')
    .select(['campaign_policies.campaign_id', 'policies.id', 'policies.name'])
    .where('campaign_policies.campaign_id', 'in', ids)
    .orderBy('policies.name')
    .execute();
  const tasks = await db
    .selectFrom('campaign_tasks')
    .innerJoin('tasks', 'tasks.id', 'campaign_tasks.task_id')
    .select(['campaign_tasks.campaign_id', 'tasks.id', 'tasks.name'])
    .where('campaign_tasks.campaign_id', 'in', ids)
    .orderBy('tasks.name')
    .execute();
  const sources = await db
    .selectFrom('campaign_judgement_sources')
    .selectAll()
    .where('campaign_id', 'in', ids)
    .orderBy('source')
    .execute();
  const stations = await db
    .selectFrom('campaign_stations')
    .selectAll()
    .where('campaign_id', 'in', ids)
    .orderBy('station')
    .execute();
  return rows.map((row) => {
    const { completed, queued, failed } = counts.get(row.id)!;
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      pairing: row.pairing,
      maxInFlight: row.max_in_flight,
      seed: row.seed,
      policies: policies
        .filter((p) => p.campaign_id === row.id)
        .map(({ id, name }) => ({ id, name })),
      tasks: tasks.filter((t) => t.campaign_id === row.id).map(({ id, name }) => ({ id, name })),
      judgementSources: sources.filter((s) => s.campaign_id === row.id).map((s) => s.source),
      stations: stations.filter((s) => s.campaign_id === row.id).map((s) => s.station),
      stationEpisodeS: row.station_episode_s,
      progress: {
        budget: row.budget,
        completed,
        inFlight: queued,
        failed,
        fraction: row.budget === 0 ? 1 : Math.min(1, completed / row.budget),
      },
      policyErrors: row.policy_errors,
      schedulingError: row.scheduling_error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

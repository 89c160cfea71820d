import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  Campaign,
  CampaignStatus,
  Database,
  JudgementSource,
  PairingStrategy,
  PolicyErrorRule,
} from '../db/schema.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import type { PerturbationAxes } from '../../sim/index.ts';
import { resolveRefs } from './resolve-refs.ts';
import { checkPerturbationSweep } from './task-perturbations.ts';

export interface CampaignTaskInput {
  task: string;
  /** Values to sweep per perturbation field; each comparison runs one point of the grid. */
  perturbations?: PerturbationAxes | undefined;
}

export interface CampaignInput {
  name: string;
  /** Policy ids or names; at least two. */
  policies: string[];
  /** Task ids or names, each optionally with a perturbation sweep; at least one. */
  tasks: (string | CampaignTaskInput)[];
  budget: number;
  maxInFlight: number;
  pairing: PairingStrategy;
  /** Seeds pairing and initial states; drawn at random when omitted. */
  seed?: number | undefined;
  /** Which judgements the ranking counts. */
  judgementSources: JudgementSource[];
  /** Start scheduling right away instead of waiting for `start`. */
  start: boolean;
  /**
   * What an episode ended by its policy's own error counts as: a loss for that policy (the
   * default), or `exclude` to drop the comparison and run another in its place.
   */
  policyErrors?: PolicyErrorRule | undefined;
  /**
   * Real-robot stations that run the comparisons, in turn; empty or absent means simulation.
   * A station's evaluator judges every comparison it runs.
   */
  stations?: string[] | undefined;
  /** Longest episode a station runs, seconds (default 60). */
  stationEpisodeS?: number | undefined;
}

/** Long enough for a tabletop task, short enough that a stuck policy does not hold a robot. */
export const defaultStationEpisodeS = 60;

/**
 * Creates a campaign with its policies and tasks in one transaction. Creating the same campaign
 * (same name and definition) again returns the stored one, so a retried request is harmless.
 */
export async function createCampaign(
  db: Kysely<Database>,
  input: CampaignInput,
  /** The creating request's id, which the campaign's comparison jobs carry into the logs. */
  requestId?: string,
): Promise<{ campaignId: string; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const policyIds = await resolveRefs(trx, 'policies', input.policies);
    const stations = [...new Set(input.stations ?? [])].sort();
    const stationEpisodeS =
      stations.length === 0 ? null : (input.stationEpisodeS ?? defaultStationEpisodeS);
    const tasks = input.tasks.map((t) => (typeof t === 'string' ? { task: t } : t));
    const taskIds = await resolveRefs(
      trx,
      'tasks',
      tasks.map((t) => t.task),
    );
    const sweeps = tasks.map((t, i) => {
      if (t.perturbations === undefined) return null;
      checkPerturbationSweep(t.perturbations, `tasks[${i}].perturbations`);
      return JSON.stringify(t.perturbations);
    });
    const existing = await trx
      .selectFrom('campaigns')
      .selectAll()
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (existing !== undefined) {
      await assertSameDefinition(trx, existing, input, policyIds, taskIds, sweeps, stations);
      return { campaignId: existing.id, created: false };
    }
    const now = nowIso();
    const id = newId('camp');
    await trx
      .insertInto('campaigns')
      .values({
        id,
        name: input.name,
        status: input.start ? 'running' : 'draft',
        budget: input.budget,
        max_in_flight: input.maxInFlight,
        pairing: input.pairing,
        seed: input.seed ?? randomInt(2 ** 31 - 1),
        station_episode_s: stationEpisodeS,
        policy_errors: input.policyErrors ?? 'loss',
        request_id: requestId ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('campaign_policies')
      .values(policyIds.map((policy_id) => ({ campaign_id: id, policy_id })))
      .execute();
    await trx
      .insertInto('campaign_tasks')
      .values(
        taskIds.map((task_id, i) => ({
          campaign_id: id,
          task_id,
          perturbations: sweeps[i] ?? null,
        })),
      )
      .execute();
    await trx
      .insertInto('campaign_judgement_sources')
      .values(input.judgementSources.map((source) => ({ campaign_id: id, source })))
      .execute();
    if (stations.length > 0) {
      await trx
        .insertInto('campaign_stations')
        .values(stations.map((station) => ({ campaign_id: id, station })))
        .execute();
    }
    return { campaignId: id, created: true };
  });
}

async function assertSameDefinition(
  trx: Kysely<Database>,
  existing: Campaign,
  input: CampaignInput,
  policyIds: string[],
  taskIds: string[],
  sweeps: (string | null)[],
  stations: string[],
): Promise<void> {
  const members = await campaignMembers(trx, existing.id);
  const sameSweeps = taskIds.every(
    (taskId, i) => (members.perturbations.get(taskId) ?? null) === (sweeps[i] ?? null),
  );
  const same =
    existing.budget === input.budget &&
    existing.pairing === input.pairing &&
    existing.policy_errors === (input.policyErrors ?? 'loss') &&
    (input.seed === undefined || existing.seed === input.seed) &&
    sameSet(members.policyIds, policyIds) &&
    sameSet(members.taskIds, taskIds) &&
    sameSet(members.judgementSources, input.judgementSources) &&
    sameSet(members.stations, stations) &&
    sameSweeps;
  if (!same) {
    throw new FieldError('name', `a different campaign named "${input.name}" already exists`, 409);
  }
}

export interface CampaignMembers {
  policyIds: string[];
  taskIds: string[];
  judgementSources: JudgementSource[];
  /** Task id → its perturbation sweep as stored (JSON), or null. */
  perturbations: Map<string, string | null>;
  /** Real-robot stations, sorted; empty for a simulated campaign. */
  stations: string[];
}

export async function campaignMembers(
  db: Kysely<Database>,
  campaignId: string,
): Promise<CampaignMembers> {
  const policies = await db
    .selectFrom('campaign_policies')
    .select('policy_id')
    .where('campaign_id', '=', campaignId)
    .orderBy('policy_id')
    .execute();
  const tasks = await db
    .selectFrom('campaign_tasks')
    .select(['task_id', 'perturbations'])
    .where('campaign_id', '=', campaignId)
    .orderBy('task_id')
    .execute();
  const sources = await db
    .selectFrom('campaign_judgement_sources')
    .select('source')
    .where('campaign_id', '=', campaignId)
    .orderBy('source')
    .execute();
  return {
    stations: await campaignStations(db, campaignId),
    policyIds: policies.map((p) => p.policy_id),
    taskIds: tasks.map((t) => t.task_id),
    judgementSources: sources.map((s) => s.source),
    perturbations: new Map(tasks.map((t) => [t.task_id, t.perturbations])),
  };
}

/** The real-robot stations a campaign runs on, sorted; empty for a simulated campaign. */
export async function campaignStations(
  db: Kysely<Database>,
  campaignId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('campaign_stations')
    .select('station')
    .where('campaign_id', '=', campaignId)
    .orderBy('station')
    .execute();
  return rows.map((row) => row.station);
}

function sameSet(a: string[], b: string[]): boolean {
  const setA = new Set(a);
  return setA.size === new Set(b).size && b.every((x) => setA.has(x));
}

export async function getCampaignRow(db: Kysely<Database>, ref: string): Promise<Campaign> {
  const row = await db
    .selectFrom('campaigns')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('campaign', ref);
  return row;
}

export type CampaignAction = 'start' | 'pause' | 'cancel';

const allowedFrom: Record<CampaignAction, CampaignStatus[]> = {
  start: ['draft', 'paused', 'running'],
  pause: ['running', 'paused'],
  // A completed campaign has its full result; cancelling it would only mislabel it.
  cancel: ['draft', 'running', 'paused', 'cancelled'],
};

const statusAfter: Record<CampaignAction, CampaignStatus> = {
  start: 'running',
  pause: 'paused',
  cancel: 'cancelled',
};

/**
 * Starts, pauses or cancels a campaign. Repeating an action is a no-op; a completed campaign
 * refuses all three, a cancelled one refuses start and pause (409). Cancelling only stops the
 * scheduler supplying new comparisons: those already queued may finish and are recorded.
 */
export async function applyCampaignAction(
  db: Kysely<Database>,
  ref: string,
  action: CampaignAction,
  /** The request's id; a start makes it the one the campaign's next comparison jobs carry. */
  requestId?: string,
): Promise<void> {
  const campaign = await getCampaignRow(db, ref);
  if (!allowedFrom[action].includes(campaign.status)) {
    throw new FieldError('status', `cannot ${action} a campaign that is ${campaign.status}`, 409);
  }
  const status = statusAfter[action];
  if (campaign.status === status) return;
  // Conditional on the status read above, so a concurrent completion is not overwritten.
  await db
    .updateTable('campaigns')
    .set({
      status,
      updated_at: nowIso(),
      ...(action === 'start' && requestId !== undefined ? { request_id: requestId } : {}),
    })
    .where('id', '=', campaign.id)
    .where('status', '=', campaign.status)
    .execute();
}

/**
 * Moves a campaign from `from` to `status`, only if it is still in `from`: a background writer
 * (the scheduler completing or pausing a campaign) never undoes a person's cancel or pause made
 * meanwhile. Returns whether the status changed.
 */
export async function setCampaignStatus(
  db: Kysely<Database>,
  campaignId: string,
  from: CampaignStatus,
  status: CampaignStatus,
): Promise<boolean> {
  const result = await db
    .updateTable('campaigns')
    .set({ status, updated_at: nowIso() })
    .where('id', '=', campaignId)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

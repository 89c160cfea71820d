import type { JobSecret } from '../../queue/job-secret.ts';
import type { FlowProducer, Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import { campaignMembers, setCampaignStatus } from '../campaigns/campaign-store.ts';
import type { Campaign, Database } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { errorMessage } from '../../lib/error-message.ts';
import {
  recheckUnreachablePolicies,
  unreachablePolicyIds,
} from '../catalog/policy-reachability.ts';
import { campaignComparisonCounts } from '../comparisons/comparison-counts.ts';
import { recordComparisonResult } from '../comparisons/record-comparison-result.ts';
import { comparisonFlow } from './comparison-flow.ts';
import { comparisonFlowSpec } from './comparison-flow-spec.ts';
import { nextPairings, scheduledPerPolicy } from './next-pairings.ts';
import { slotsHeldForAbsent } from './policy-balance.ts';
import { perturbationForSlot } from '../campaigns/task-perturbations.ts';
import type { PerturbationAxes } from '../../sim/index.ts';

export interface CampaignSchedulerOptions {
  /** How often every running campaign is topped up even without a nudge. */
  tickMs?: number;
  /** How often queued comparisons are checked against the queue (lost or failed jobs). */
  reconcileMs?: number;
  onCampaignCompleted?: (campaignId: string) => void;
  /** How often the servers of policies left out as unreachable are asked for /healthz. */
  healthRecheckMs?: number;
  /** ws://host:port of the services, where stations reach policies through the relay. */
  relayBaseUrl?: string;
  /** Seals remote policies' specs into rollout jobs; needed only for remote policies. */
  jobSecret?: JobSecret;
}

/** Failures tolerated before a campaign is paused, as long as they outnumber its successes. */
const failuresBeforePause = 10;

/**
 * Keeps every running campaign supplied with comparisons up to its budget, with at most
 * `max_in_flight` queued at once. Comparison rows are written before their flows are added and
 * carry a unique (campaign, ordinal), so a crash between the two is repaired by `reconcile`, and
 * two schedulers racing on one campaign cannot create the same slot twice.
 */
export class CampaignScheduler {
  /** The pending nudge or periodic timer; null while stopped. */
  private timer: NodeJS.Timeout | null = null;
  /** The tick in progress, so ticks never overlap and `close` can wait for it. */
  private running: Promise<void> | null = null;
  private tickAgain = false;
  private stopped = true;
  private lastReconcile = 0;
  private lastHealthRecheck = 0;
  private readonly healthRecheckMs: number;
  private readonly tickMs: number;
  private readonly reconcileMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly flows: FlowProducer,
    private readonly comparisonQueue: Queue,
    private readonly options: CampaignSchedulerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 1_000;
    this.reconcileMs = options.reconcileMs ?? 30_000;
    this.healthRecheckMs = options.healthRecheckMs ?? 5_000;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a tick soon, e.g. after a comparison completed or a campaign was started. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running !== null) this.tickAgain = true;
    else this.schedule(0);
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick()
        .catch((error: unknown) => console.error(`scheduler: ${String(error)}`))
        .finally(() => {
          this.running = null;
          const again = this.tickAgain;
          this.tickAgain = false;
          this.schedule(again ? 0 : this.tickMs);
        });
    }, delayMs);
  }

  /** One pass over all running campaigns; public so tests can drive the scheduler step by step. */
  async tick(): Promise<void> {
    if (Date.now() - this.lastHealthRecheck >= this.healthRecheckMs) {
      this.lastHealthRecheck = Date.now();
      await recheckUnreachablePolicies(this.db).catch((error: unknown) =>
        console.error(`scheduler: policy health recheck: ${errorMessage(error)}`),
      );
    }
    if (Date.now() - this.lastReconcile >= this.reconcileMs) {
      this.lastReconcile = Date.now();
      await this.reconcile().catch((error: unknown) =>
        console.error(`scheduler: reconcile: ${errorMessage(error)}`),
      );
    }
    const campaigns = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('status', '=', 'running')
      .execute();
    // One campaign that throws (a deleted task, a bad row) must not starve the others: each is
    // supplied on its own, and its error is kept on the campaign for the dashboard to show.
    for (const campaign of campaigns) {
      try {
        await this.supply(campaign);
        if (campaign.scheduling_error !== null) await this.markSchedulingError(campaign, null);
      } catch (error) {
        const message = errorMessage(error);
        if (message !== campaign.scheduling_error) {
          console.error(`scheduler: campaign "${campaign.name}" (${campaign.id}): ${message}`);
        }
        await this.markSchedulingError(campaign, message).catch((markError: unknown) =>
          console.error(`scheduler: cannot record the error: ${errorMessage(markError)}`),
        );
      }
    }
  }

  private async markSchedulingError(campaign: Campaign, message: string | null): Promise<void> {
    await this.db
      .updateTable('campaigns')
      .set({ scheduling_error: message })
      .where('id', '=', campaign.id)
      .execute();
  }

  private async supply(campaign: Campaign): Promise<void> {
    const counts = await campaignComparisonCounts(this.db, campaign.id);
    const { completed, queued: inFlight } = counts;
    if (completed >= campaign.budget) {
      // Conditional: a cancel or pause that landed since the campaign was read stands.
      if (await setCampaignStatus(this.db, campaign.id, 'running', 'completed')) {
        this.options.onCampaignCompleted?.(campaign.id);
      }
      return;
    }
    if (counts.failed >= failuresBeforePause && (await this.failingSinceStart(campaign))) {
      // Replacing failed comparisons forever would burn workers on a campaign that cannot run
      // (a broken policy, a task the workers lack): stop and let a person look.
      if (!(await setCampaignStatus(this.db, campaign.id, 'running', 'paused'))) return;
      console.error(
        `scheduler: paused campaign "${campaign.name}": most comparisons since it was started failed; ` +
          "see the failed comparisons' errors, fix the cause and start it again",
      );
      return;
    }
    const allMembers = await campaignMembers(this.db, campaign.id);
    // A policy whose server is down sits out; the campaign waits while fewer than two can play,
    // and the others do not spend the slots it needs to catch up once it is back.
    const unreachable = await unreachablePolicyIds(this.db);
    const absent = new Set(allMembers.policyIds.filter((id) => unreachable.has(id)));
    const members = {
      ...allMembers,
      policyIds: allMembers.policyIds.filter((id) => !absent.has(id)),
    };
    if (members.policyIds.length < 2) return;
    const held =
      absent.size === 0
        ? 0
        : slotsHeldForAbsent(
            await scheduledPerPolicy(this.db, campaign.id, allMembers.policyIds),
            absent,
            campaign.budget,
          );
    const wanted = Math.min(
      campaign.max_in_flight - inFlight,
      campaign.budget - completed - inFlight - held,
    );
    if (wanted <= 0) return;
    const { nextOrdinal } = counts;
    const pairings = await nextPairings(this.db, campaign, members, nextOrdinal, wanted);
    for (const [k, pairing] of pairings.entries()) {
      const ordinal = nextOrdinal + k;
      const comparisonId = `${campaign.id}-${ordinal}`;
      // A campaign paused or cancelled while this tick ran gets no further slot.
      if (!(await this.stillRunning(campaign.id))) return;
      const sweep = members.perturbations.get(pairing.taskId) ?? null;
      const perturbation = perturbationForSlot(
        sweep === null ? null : (JSON.parse(sweep) as PerturbationAxes),
        campaign.seed,
        ordinal,
      );
      const inserted = await this.db
        .insertInto('comparisons')
        .values({
          id: comparisonId,
          campaign_id: campaign.id,
          ordinal,
          task_id: pairing.taskId,
          seed: pairing.episodeSeed,
          policy_a_id: pairing.policyAId,
          policy_b_id: pairing.policyBId,
          perturbation: perturbation === null ? null : JSON.stringify(perturbation),
          // A station campaign deals its comparisons to its stations in turn.
          station:
            members.stations.length === 0
              ? null
              : members.stations[ordinal % members.stations.length]!,
          status: 'queued',
          error: null,
          created_at: nowIso(),
          completed_at: null,
        })
        .onConflict((oc) => oc.columns(['campaign_id', 'ordinal']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted === undefined) return; // another scheduler took this slot; retry next tick
      await this.flows.add(
        comparisonFlow(
          await comparisonFlowSpec(
            this.db,
            comparisonId,
            this.options.relayBaseUrl,
            this.options.jobSecret,
          ),
        ),
      );
    }
  }

  private async stillRunning(campaignId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('campaigns')
      .select('status')
      .where('id', '=', campaignId)
      .executeTakeFirst();
    return row?.status === 'running';
  }

  /**
   * Whether the comparisons created since the campaign was last started (its status change)
   * mostly failed: a restart after a fix starts the count afresh.
   */
  private async failingSinceStart(campaign: Campaign): Promise<boolean> {
    const { failed, completed } = await campaignComparisonCounts(this.db, campaign.id, {
      since: campaign.updated_at,
    });
    return failed >= failuresBeforePause && failed > completed;
  }

  /**
   * Repairs what a crash can leave behind: a queued comparison whose flow was never added (the
   * process died between the insert and the add) gets its flow again; one whose comparison job
   * failed for good is marked failed so the scheduler replaces it.
   */
  async reconcile(): Promise<void> {
    const queued = await this.db
      .selectFrom('comparisons')
      .select('id')
      .where('status', '=', 'queued')
      .execute();
    for (const row of queued) {
      // One comparison that cannot be repaired (e.g. its flow spec fails) must not stop the rest.
      await this.reconcileOne(row.id).catch((error: unknown) =>
        console.error(`scheduler: cannot reconcile comparison ${row.id}: ${errorMessage(error)}`),
      );
    }
  }

  private async reconcileOne(comparisonId: string): Promise<void> {
    const job = await this.comparisonQueue.getJob(comparisonId);
    if (job === undefined) {
      await this.flows.add(
        comparisonFlow(
          await comparisonFlowSpec(
            this.db,
            comparisonId,
            this.options.relayBaseUrl,
            this.options.jobSecret,
          ),
        ),
      );
    } else if (
      (await job.getState()) === 'failed' &&
      job.attemptsMade >= (job.opts.attempts ?? 1)
    ) {
      await recordComparisonResult(this.db, comparisonId, {
        kind: 'failed',
        reason: job.failedReason ?? 'comparison job failed',
      });
    }
  }
}

import type { Kysely } from 'kysely';
import type { StationControlRate } from '../../contract/station-status.ts';
import type { RolloutJobResult } from '../../queue/rollout-job.ts';
import type { Database, EpisodeSide, JudgementOutcome } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { autoJudgement, policyFailed } from './auto-judgement.ts';

export const autoJudge = 'auto';

/** A rollout's result once its trajectory is in the artifact store: only the key remains. */
export type RecordedEpisode = Omit<RolloutJobResult, 'trajectory'> & {
  trajectoryRef: string | null;
  /** A station episode's control rate; absent in simulation. */
  controlRate?: StationControlRate;
};

export type ComparisonResult =
  | {
      kind: 'completed';
      episodes: Record<EpisodeSide, RecordedEpisode>;
      /**
       * The judgement that completes the comparison: a station evaluator's when present, else
       * the automatic one computed from the episodes.
       */
      evaluation?: EvaluatorJudgement;
    }
  | { kind: 'failed'; reason: string };

/** A real-robot station's evaluator: a preference plus progress scores (0-100) of A and B. */
export interface EvaluatorJudgement {
  evaluator: string;
  outcome: JudgementOutcome;
  progressA: number;
  progressB: number;
  comment: string | null;
}

/** Evaluators' judge keys are prefixed, like crowd judges', so no name can pose as another kind. */
export function evaluatorJudgeKey(evaluator: string): string {
  return `evaluator:${evaluator}`;
}

export class UnknownComparisonError extends Error {
  override name = 'UnknownComparisonError';
}

export interface RecordOutcome {
  /** False when the comparison had already been recorded (a re-delivered job). */
  recorded: boolean;
  campaignId: string;
  outcome: JudgementOutcome | null;
}

/**
 * Writes both episodes and the judgement (automatic, or a station evaluator's) of a comparison, and marks it completed, in
 * one transaction. Idempotent: episodes and judgements have unique keys and are inserted with
 * ON CONFLICT DO NOTHING, and only a comparison still `queued` changes status, so running the
 * same comparison job twice (BullMQ delivers at least once) adds no row. A comparison already
 * marked failed stays failed: its late result is discarded, episodes and judgement included.
 */
export async function recordComparisonResult(
  db: Kysely<Database>,
  comparisonId: string,
  result: ComparisonResult,
): Promise<RecordOutcome> {
  return db.transaction().execute(async (trx) => {
    const comparison = await trx
      .selectFrom('comparisons')
      .selectAll()
      .where('id', '=', comparisonId)
      .executeTakeFirstOrThrow(
        () => new UnknownComparisonError(`comparison ${comparisonId} is not in the database`),
      );
    const now = nowIso();
    if (result.kind === 'failed') {
      const updated = await trx
        .updateTable('comparisons')
        .set({ status: 'failed', error: result.reason, completed_at: now })
        .where('id', '=', comparisonId)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return {
        recorded: updated.numUpdatedRows > 0n,
        campaignId: comparison.campaign_id,
        outcome: null,
      };
    }
    const { A, B } = result.episodes;
    const { evaluation } = result;
    if (evaluation === undefined && (policyFailed(A) || policyFailed(B))) {
      const { policy_errors: rule } = await trx
        .selectFrom('campaigns')
        .select('policy_errors')
        .where('id', '=', comparison.campaign_id)
        .executeTakeFirstOrThrow();
      if (rule === 'exclude') {
        // The campaign counts only comparisons both policies ran through: this one is dropped
        // (and its slot replaced) rather than scored.
        const reason = `excluded: a policy failed (${[A, B]
          .filter(policyFailed)
          .map((e) => `${e.side}: ${e.error ?? 'policy error'}`)
          .join('; ')})`;
        const updated = await trx
          .updateTable('comparisons')
          .set({ status: 'failed', error: reason, completed_at: now })
          .where('id', '=', comparisonId)
          .where('status', '=', 'queued')
          .executeTakeFirst();
        return {
          recorded: updated.numUpdatedRows > 0n,
          campaignId: comparison.campaign_id,
          outcome: null,
        };
      }
    }
    const outcome = evaluation?.outcome ?? autoJudgement(A, B);
    // The status moves first and only from `queued`, so whichever of a late success and a
    // failure (or a re-delivered job) commits second changes nothing.
    const updated = await trx
      .updateTable('comparisons')
      .set({
        status: 'completed',
        error: null,
        completed_at: now,
        // The perturbation as it ran, defaults filled in: what breakdowns by axis read.
        ...(A.perturbation === null ? {} : { perturbation: JSON.stringify(A.perturbation) }),
      })
      .where('id', '=', comparisonId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) {
      // Already completed: a re-delivered job, whose rows are in place. Already failed: the
      // scheduler has replaced it with a new slot, so a late success is discarded rather than
      // counted on top of the budget (and its judgement never reaches the ranking).
      const current = await trx
        .selectFrom('comparisons')
        .select('status')
        .where('id', '=', comparisonId)
        .executeTakeFirstOrThrow();
      const late = current.status === 'failed';
      if (late) console.warn(`comparison ${comparisonId}: late result after failure discarded`);
      return {
        recorded: false,
        campaignId: comparison.campaign_id,
        outcome: late ? null : outcome,
      };
    }
    await trx
      .insertInto('episodes')
      .values(
        (['A', 'B'] as const).map((side) => {
          const episode = side === 'A' ? A : B;
          return {
            id: `${comparisonId}-${side}`,
            comparison_id: comparisonId,
            side,
            policy_id: side === 'A' ? comparison.policy_a_id : comparison.policy_b_id,
            success: episode.success ? 1 : 0,
            progress: episode.progress,
            steps: episode.steps,
            duration_ms: episode.durationMs,
            error: episode.error,
            termination: episode.termination ?? null,
            trajectory_ref: episode.trajectoryRef,
            time_to_success_ms: episode.timeToSuccessMs,
            path_length_m: episode.pathLengthM,
            peak_contact_force_n: episode.peakContactForceN,
            target_hz: episode.controlRate?.targetHz ?? null,
            achieved_hz: episode.controlRate?.achievedHz ?? null,
            dropped_frames: episode.controlRate?.droppedFrames ?? null,
            created_at: now,
          };
        }),
      )
      .onConflict((oc) => oc.columns(['comparison_id', 'side']).doNothing())
      .execute();
    const judge = evaluation === undefined ? autoJudge : evaluatorJudgeKey(evaluation.evaluator);
    await trx
      .insertInto('judgements')
      .values({
        id: `${comparisonId}-${evaluation === undefined ? autoJudge : 'evaluator'}`,
        comparison_id: comparisonId,
        source: evaluation === undefined ? 'auto' : 'evaluator',
        judge,
        outcome,
        comment: evaluation?.comment ?? null,
        progress_a: evaluation?.progressA ?? null,
        progress_b: evaluation?.progressB ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['comparison_id', 'judge']).doNothing())
      .execute();
    return { recorded: true, campaignId: comparison.campaign_id, outcome };
  });
}

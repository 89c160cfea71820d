import type { Kysely } from 'kysely';
import type { Database, EpisodeSide, JudgementOutcome } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import type {
  EpisodeMetrics,
  JudgementDetail,
  ComparisonDetail,
} from '../../contract/comparison-detail.ts';
export type { EpisodeMetrics, JudgementDetail, ComparisonDetail };

export async function comparisonDetail(
  db: Kysely<Database>,
  comparisonId: string,
): Promise<ComparisonDetail> {
  const row = await db
    .selectFrom('comparisons as c')
    .innerJoin('campaigns as k', 'k.id', 'c.campaign_id')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .innerJoin('policies as pa', 'pa.id', 'c.policy_a_id')
    .innerJoin('policies as pb', 'pb.id', 'c.policy_b_id')
    .select([
      'c.id',
      'c.ordinal',
      'c.status',
      'c.error',
      'c.seed',
      'c.perturbation',
      'c.created_at',
      'c.completed_at',
      'k.id as campaignId',
      'k.name as campaignName',
      't.name as taskName',
      't.instruction',
      'pa.id as policyAId',
      'pa.name as policyAName',
      'pb.id as policyBId',
      'pb.name as policyBName',
    ])
    .where('c.id', '=', comparisonId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('comparison', comparisonId);
  const episodes = await db
    .selectFrom('episodes')
    .selectAll()
    .where('comparison_id', '=', comparisonId)
    .execute();
  const judgements = await db
    .selectFrom('judgements')
    .select([
      'source',
      'judge',
      'outcome',
      'both_failed',
      'comment',
      'progress_a',
      'progress_b',
      'created_at',
    ])
    .where('comparison_id', '=', comparisonId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const metrics = (side: EpisodeSide): EpisodeMetrics | null => {
    const e = episodes.find((episode) => episode.side === side);
    if (e === undefined) return null;
    return {
      success: e.success === 1,
      progress: e.progress,
      steps: e.steps,
      durationMs: e.duration_ms,
      timeToSuccessMs: e.time_to_success_ms,
      pathLengthM: e.path_length_m,
      peakContactForceN: e.peak_contact_force_n,
      error: e.error,
      trajectoryUrl:
        e.trajectory_ref === null ? null : `/api/episodes/${encodeURIComponent(e.id)}/trajectory`,
      controlRate:
        e.dropped_frames === null
          ? null
          : {
              targetHz: e.target_hz === null ? null : Number(e.target_hz),
              achievedHz: e.achieved_hz === null ? null : Number(e.achieved_hz),
              droppedFrames: Number(e.dropped_frames),
            },
    };
  };
  const votes: Record<JudgementOutcome, number> = { A: 0, B: 0, tie: 0 };
  for (const j of judgements) votes[j.outcome] += 1;
  return {
    id: row.id,
    campaign: { id: row.campaignId, name: row.campaignName },
    ordinal: row.ordinal,
    status: row.status,
    error: row.error,
    task: { name: row.taskName, instruction: row.instruction },
    seed: row.seed,
    perturbation:
      row.perturbation === null ? null : (JSON.parse(row.perturbation) as Record<string, unknown>),
    policies: {
      A: { id: row.policyAId, name: row.policyAName },
      B: { id: row.policyBId, name: row.policyBName },
    },
    episodes: { A: metrics('A'), B: metrics('B') },
    judgements: judgements.map((j) => ({
      source: j.source,
      judge: j.judge,
      outcome: j.outcome,
      // PostgreSQL and SQLite both store 0/1 here; Number() also covers a driver's string.
      bothFailed: Number(j.both_failed) === 1,
      comment: j.comment,
      progress:
        j.progress_a === null || j.progress_b === null
          ? null
          : { A: Number(j.progress_a), B: Number(j.progress_b) },
      createdAt: j.created_at,
    })),
    outcome: { auto: judgements.find((j) => j.source === 'auto')?.outcome ?? null, votes },
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

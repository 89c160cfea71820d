import type { Kysely } from 'kysely';
import type { Database, JudgementOutcome } from '../db/schema.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { nowIso } from '../ids.ts';
import { crowdJudgeKey } from './crowd-judge.ts';
import { episodeShownOn } from './side-assignment.ts';

export type VoteChoice = 'left' | 'right' | 'tie' | 'both-failed';

export interface Vote {
  judge: string;
  ticket: string;
  choice: VoteChoice;
  comment?: string | undefined;
}

/**
 * Records a crowd judge's vote as a judgement of the comparison. The browser speaks of left and
 * right; the judge's side assignment turns that into A or B here, so the browser never learns
 * which is which. One judgement per judge and comparison (a unique key): repeating the same vote
 * (a double click, a retried request) records nothing more; a different vote for a comparison
 * already judged is refused rather than silently overwriting.
 */
export async function recordVote(
  db: Kysely<Database>,
  vote: Vote,
): Promise<{ recorded: boolean; campaignId: string }> {
  const comparison = await db
    .selectFrom('comparisons')
    .innerJoin('campaign_judgement_sources as s', 's.campaign_id', 'comparisons.campaign_id')
    .select(['comparisons.id', 'comparisons.campaign_id', 'comparisons.status'])
    .where('comparisons.id', '=', vote.ticket)
    .where('s.source', '=', 'crowd')
    .executeTakeFirst();
  if (comparison === undefined) throw new NotFoundError('comparison open for judging', vote.ticket);
  if (comparison.status !== 'completed') {
    throw new FieldError('ticket', 'this comparison has not finished running', 409);
  }
  const outcome = outcomeOf(vote);
  const judge = crowdJudgeKey(vote.judge);
  const inserted = await db
    .insertInto('judgements')
    .values({
      id: `${vote.ticket}-${judge}`,
      comparison_id: vote.ticket,
      source: 'crowd',
      judge,
      outcome,
      comment: vote.comment ?? null,
      both_failed: vote.choice === 'both-failed' ? 1 : 0,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(['comparison_id', 'judge']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) {
    const earlier = await db
      .selectFrom('judgements')
      .select(['outcome', 'both_failed'])
      .where('comparison_id', '=', vote.ticket)
      .where('judge', '=', judge)
      .executeTakeFirstOrThrow();
    const same =
      earlier.outcome === outcome &&
      (earlier.both_failed === 1) === (vote.choice === 'both-failed');
    if (!same)
      throw new FieldError('choice', 'you already judged this comparison differently', 409);
  }
  return { recorded: inserted !== undefined, campaignId: comparison.campaign_id };
}

function outcomeOf(vote: Vote): JudgementOutcome {
  switch (vote.choice) {
    case 'left':
      return episodeShownOn(vote.judge, vote.ticket, 'left');
    case 'right':
      return episodeShownOn(vote.judge, vote.ticket, 'right');
    case 'tie':
    case 'both-failed':
      return 'tie';
  }
}

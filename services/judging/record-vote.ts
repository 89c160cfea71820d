import type { Kysely } from 'kysely';
import type { Database, JudgementOutcome } from '../db/schema.ts';
import { FieldError } from '../errors.ts';
import { nowIso } from '../ids.ts';
import { crowdJudgeKey } from './crowd-judge.ts';
import { episodeShownOn, ticketOf, type IssuedTicket } from './judging-ticket.ts';

export type VoteChoice = 'left' | 'right' | 'tie' | 'both-failed';

export interface Vote {
  judge: string;
  ticket: string;
  choice: VoteChoice;
  comment?: string | undefined;
}

/**
 * Records a crowd judge's vote as a judgement of the comparison behind their ticket. Only a
 * ticket issued to this judge counts (anything else is a 404, as if it did not exist); the
 * browser speaks of left and right and the ticket's stored side turns that into A or B here.
 * One judgement per judge and comparison (a unique key): repeating the same vote (a double
 * click, a retried request) records nothing more; a different vote is refused (409).
 */
export async function recordVote(
  db: Kysely<Database>,
  vote: Vote,
): Promise<{ recorded: boolean; campaignId: string }> {
  const judge = crowdJudgeKey(vote.judge);
  const ticket = await ticketOf(db, judge, vote.ticket);
  const comparison = await db
    .selectFrom('comparisons')
    .innerJoin('campaign_judgement_sources as s', 's.campaign_id', 'comparisons.campaign_id')
    .select(['comparisons.id', 'comparisons.campaign_id'])
    .where('comparisons.id', '=', ticket.comparisonId)
    .where('s.source', '=', 'crowd')
    .executeTakeFirst();
  if (comparison === undefined) {
    throw new FieldError('ticket', 'this comparison is no longer open for judging', 409);
  }
  const outcome = outcomeOf(ticket, vote.choice);
  const bothFailed = vote.choice === 'both-failed' ? 1 : 0;
  const recorded = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('judgements')
      .values({
        id: `${ticket.comparisonId}-${judge}`,
        comparison_id: ticket.comparisonId,
        source: 'crowd',
        judge,
        outcome,
        comment: vote.comment ?? null,
        both_failed: bothFailed,
        created_at: nowIso(),
      })
      .onConflict((oc) => oc.columns(['comparison_id', 'judge']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) {
      await trx
        .updateTable('judging_tickets')
        .set({ used_at: nowIso() })
        .where('ticket', '=', ticket.ticket)
        .execute();
    }
    return inserted !== undefined;
  });
  if (!recorded) {
    const earlier = await db
      .selectFrom('judgements')
      .select(['outcome', 'both_failed'])
      .where('comparison_id', '=', ticket.comparisonId)
      .where('judge', '=', judge)
      .executeTakeFirstOrThrow();
    if (earlier.outcome !== outcome || earlier.both_failed !== bothFailed)
      throw new FieldError('choice', 'you already judged this comparison differently', 409);
  }
  return { recorded, campaignId: comparison.campaign_id };
}

function outcomeOf(ticket: IssuedTicket, choice: VoteChoice): JudgementOutcome {
  switch (choice) {
    case 'left':
      return episodeShownOn(ticket, 'left');
    case 'right':
      return episodeShownOn(ticket, 'right');
    case 'tie':
    case 'both-failed':
      return 'tie';
  }
}

import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { crowdJudgeKey } from './crowd-judge.ts';
import { issueTicket } from './judging-ticket.ts';

/** How many of the least-judged comparisons are considered; the judge gets one of them. */
const candidatePoolSize = 50;

export interface JudgingItem {
  /** Random and bound to this judge; nothing a judge can reach maps it to the comparison. */
  ticket: string;
  instruction: string;
  task: string;
}

/**
 * The next comparison a crowd judge should see, as a ticket: a completed comparison, with both
 * replays recorded, of a campaign that asks for crowd judgements, that this judge has not judged
 * and whose ticket is not in `excludeTickets` (the one on screen, when prefetching). Comparisons
 * with the fewest crowd judgements come first, so judgements spread evenly; among those the pick
 * is random, so simultaneous judges do not all pile onto the same comparison.
 */
export async function nextForJudge(
  db: Kysely<Database>,
  judge: string,
  excludeTickets: readonly string[],
): Promise<JudgingItem | null> {
  const judgeKey = crowdJudgeKey(judge);
  let query = db
    .selectFrom('comparisons as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .innerJoin('campaigns as k', 'k.id', 'c.campaign_id')
    .select((eb) => [
      'c.id',
      't.instruction',
      't.name as task',
      eb
        .selectFrom('judgements as j')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('j.comparison_id', '=', 'c.id')
        .where('j.source', '=', 'crowd')
        .as('crowd_judgements'),
    ])
    .where('c.status', '=', 'completed')
    .where('k.status', '!=', 'cancelled')
    .where('c.campaign_id', 'in', (eb) =>
      eb
        .selectFrom('campaign_judgement_sources')
        .select('campaign_id')
        .where('source', '=', 'crowd'),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('judgements as mine')
            .select('mine.id')
            .whereRef('mine.comparison_id', '=', 'c.id')
            .where('mine.judge', '=', judgeKey),
        ),
      ),
    )
    .where((eb) =>
      eb(
        eb
          .selectFrom('episodes as e')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('e.comparison_id', '=', 'c.id')
          .where('e.trajectory_ref', 'is not', null),
        '=',
        2,
      ),
    );
  if (excludeTickets.length > 0) {
    query = query.where('c.id', 'not in', (eb) =>
      eb
        .selectFrom('judging_tickets')
        .select('comparison_id')
        .where('judge', '=', judgeKey)
        .where('ticket', 'in', excludeTickets),
    );
  }
  const candidates = await query
    .orderBy('crowd_judgements')
    .orderBy('c.completed_at')
    .limit(candidatePoolSize)
    .execute();
  const fewest = Math.min(...candidates.map((c) => Number(c.crowd_judgements)));
  const tied = candidates.filter((c) => Number(c.crowd_judgements) === fewest);
  if (tied.length === 0) return null;
  const pick = tied[randomInt(tied.length)]!;
  const { ticket } = await issueTicket(db, judgeKey, pick.id);
  return { ticket, instruction: pick.instruction, task: pick.task };
}

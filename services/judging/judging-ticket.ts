import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, EpisodeSide } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { nowIso } from '../ids.ts';

export type View = 'left' | 'right';

/** 192 random bits: a ticket cannot be guessed, and says nothing about what it stands for. */
const ticketBytes = 24;

export interface IssuedTicket {
  ticket: string;
  comparisonId: string;
  leftSide: EpisodeSide;
  usedAt: string | null;
}

/**
 * The judge's ticket for a comparison: the one already issued to them (a reload or a prefetch
 * shows the same sides), or a new one whose left side is drawn from a cryptographic source and
 * stored, so neither the comparison id, the judge nor the time decides it.
 */
export async function issueTicket(
  db: Kysely<Database>,
  judgeKey: string,
  comparisonId: string,
): Promise<IssuedTicket> {
  await db
    .insertInto('judging_tickets')
    .values({
      ticket: randomBytes(ticketBytes).toString('base64url'),
      judge: judgeKey,
      comparison_id: comparisonId,
      left_side: randomInt(2) === 0 ? 'A' : 'B',
      issued_at: nowIso(),
      used_at: null,
    })
    .onConflict((oc) => oc.columns(['judge', 'comparison_id']).doNothing())
    .execute();
  const row = await db
    .selectFrom('judging_tickets')
    .select(['ticket', 'comparison_id', 'left_side', 'used_at'])
    .where('judge', '=', judgeKey)
    .where('comparison_id', '=', comparisonId)
    .executeTakeFirstOrThrow();
  return toIssued(row);
}

/**
 * A ticket issued to this judge. Someone else's ticket and a made-up one answer the same 404,
 * so a ticket's existence leaks nothing to anyone but its judge.
 */
export async function ticketOf(
  db: Kysely<Database>,
  judgeKey: string,
  ticket: string,
): Promise<IssuedTicket> {
  const row = await db
    .selectFrom('judging_tickets')
    .select(['ticket', 'comparison_id', 'left_side', 'used_at'])
    .where('ticket', '=', ticket)
    .where('judge', '=', judgeKey)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('judging ticket issued to you', ticket);
  return toIssued(row);
}

/** The episode a ticket shows on a side of the screen. */
export function episodeShownOn(ticket: IssuedTicket, view: View): EpisodeSide {
  if (view === 'left') return ticket.leftSide;
  return ticket.leftSide === 'A' ? 'B' : 'A';
}

function toIssued(row: {
  ticket: string;
  comparison_id: string;
  left_side: EpisodeSide;
  used_at: string | null;
}): IssuedTicket {
  return {
    ticket: row.ticket,
    comparisonId: row.comparison_id,
    leftSide: row.left_side,
    usedAt: row.used_at,
  };
}

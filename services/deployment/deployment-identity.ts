import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';

/**
 * This database's deployment id, created on first use. Replicas that start together on a new
 * database race on the one row's fixed slot, and all read back the id that won.
 */
export async function deploymentIdentity(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto('deployment')
    .values({ slot: 1, id: newId('dep'), created_at: nowIso() })
    .onConflict((oc) => oc.column('slot').doNothing())
    .execute();
  const row = await db
    .selectFrom('deployment')
    .select('id')
    .where('slot', '=', 1)
    .executeTakeFirstOrThrow();
  return row.id;
}

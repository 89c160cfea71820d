import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../ids.ts';

/** Bytes of a generated secret. */
const secretBytes = 32;
const sessionKeyName = 'session-cookie-key';

/**
 * The key that signs session cookies: one derived from `ARENA_SECRET` when set (the same
 * secret also seals job data, so each use gets a key of its own), otherwise a random one kept in
 * the database and made by the first replica to start, so every replica sharing the database
 * signs and accepts the same sessions without configuration, and restarts keep them.
 */
export async function loadSessionKey(
  db: Kysely<Database>,
  fromEnv: string | undefined,
): Promise<Buffer> {
  if (fromEnv !== undefined) {
    return createHmac('sha256', fromEnv).update('arena session cookies').digest();
  }
  // Two replicas starting at once both insert; the first row wins and both read it back.
  await db
    .insertInto('server_secrets')
    .values({
      name: sessionKeyName,
      value: randomBytes(secretBytes).toString('base64url'),
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', sessionKeyName)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { assertValidKey, type ArtifactStore } from './artifact-store.ts';

/**
 * Artifacts as rows of the `artifacts` table (bytea on PostgreSQL, blob on SQLite): every
 * replica that reaches the database serves every replay, and nothing lives on one machine's disk.
 * Trajectories are tens of kilobytes, well within what either database stores comfortably inline.
 */
export class DatabaseArtifactStore implements ArtifactStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly location = 'the database (table artifacts)',
  ) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertValidKey(key);
    // Both drivers bind a Buffer as binary (better-sqlite3 refuses other typed arrays).
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Upsert: a retried put replaces the row instead of failing on the key.
    await this.db
      .insertInto('artifacts')
      .values({ key, bytes: buffer, byte_length: bytes.length, created_at: nowIso() })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          bytes: eb.ref('excluded.bytes'),
          byte_length: eb.ref('excluded.byte_length'),
        })),
      )
      .execute();
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertValidKey(key);
    const row = await this.db
      .selectFrom('artifacts')
      .select('bytes')
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? null : new Uint8Array(row.bytes);
  }
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// SQLite adds one column per ALTER TABLE, hence one statement per column.

export async function up(db: Kysely<unknown>): Promise<void> {
  // A station episode's control rate: aimed for, achieved, and control periods in which no
  // command went out. A loaded station runs the policy slower than it was meant to run, which
  // its evaluator and the researcher reading the result need to know. Null for simulated
  // episodes and for station episodes recorded before these columns.
  await db.schema.alterTable('episodes').addColumn('target_hz', 'double precision').execute();
  await db.schema.alterTable('episodes').addColumn('achieved_hz', 'double precision').execute();
  await db.schema.alterTable('episodes').addColumn('dropped_frames', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('episodes').dropColumn('dropped_frames').execute();
  await db.schema.alterTable('episodes').dropColumn('achieved_hz').execute();
  await db.schema.alterTable('episodes').dropColumn('target_hz').execute();
}

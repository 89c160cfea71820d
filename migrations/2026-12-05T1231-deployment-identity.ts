import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Which deployment this database belongs to: recorded once, and compared at start-up with the
  // owner recorded beside the queues in Redis.
  // One row: `slot` is always 1, so replicas starting at once on a new database agree on one id.
  await db.schema
    .createTable('deployment')
    .addColumn('slot', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deployment').execute();
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  // The X-Request-Id of the API request that last created or started the campaign: its
  // comparison jobs carry it into the workers' log lines.
  await db.schema.alterTable('campaigns').addColumn('request_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('campaigns').dropColumn('request_id').execute();
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// SQLite adds one column per ALTER TABLE, hence one statement per column.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Episode metrics beyond success and progress; null for episodes recorded before them.
  await db.schema
    .alterTable('episodes')
    .addColumn('time_to_success_ms', 'double precision')
    .execute();
  await db.schema.alterTable('episodes').addColumn('path_length_m', 'double precision').execute();
  await db.schema
    .alterTable('episodes')
    .addColumn('peak_contact_force_n', 'double precision')
    .execute();
  // JSON: the perturbation sweep a campaign runs a task under, and the one point of it a
  // comparison ran under, so results can be broken down by axis.
  await db.schema.alterTable('campaign_tasks').addColumn('perturbations', 'text').execute();
  await db.schema.alterTable('comparisons').addColumn('perturbation', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comparisons').dropColumn('perturbation').execute();
  await db.schema.alterTable('campaign_tasks').dropColumn('perturbations').execute();
  await db.schema.alterTable('episodes').dropColumn('peak_contact_force_n').execute();
  await db.schema.alterTable('episodes').dropColumn('path_length_m').execute();
  await db.schema.alterTable('episodes').dropColumn('time_to_success_ms').execute();
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  // A campaign that names stations runs its comparisons on real robots instead of simulation.
  await db.schema
    .createTable('campaign_stations')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('station', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_stations_pk', ['campaign_id', 'station'])
    .execute();
  // How long a station lets one episode run; null for simulated campaigns.
  await db.schema.alterTable('campaigns').addColumn('station_episode_s', 'integer').execute();
  // The station a comparison was sent to; null means simulation.
  await db.schema.alterTable('comparisons').addColumn('station', 'text').execute();
  // The evaluator's progress scores (0-100) of the two episodes, as RoboArena asks for them.
  await db.schema.alterTable('judgements').addColumn('progress_a', 'real').execute();
  await db.schema.alterTable('judgements').addColumn('progress_b', 'real').execute();
  // Opaque handles through which a station reaches a comparison's policies without learning
  // which they are: the token is all the station sees.
  await db.schema
    .createTable('policy_handles')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('comparison_id', 'text', (c) => c.notNull().references('comparisons.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policy_handles_comparison_side', ['comparison_id', 'side'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('policy_handles').execute();
  await db.schema.alterTable('judgements').dropColumn('progress_b').execute();
  await db.schema.alterTable('judgements').dropColumn('progress_a').execute();
  await db.schema.alterTable('comparisons').dropColumn('station').execute();
  await db.schema.alterTable('campaigns').dropColumn('station_episode_s').execute();
  await db.schema.dropTable('campaign_stations').execute();
}

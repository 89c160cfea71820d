import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Written with kysely's schema builder only, so the same file runs on PostgreSQL and SQLite.
// Timestamps are ISO-8601 UTC text (sortable, identical on both databases); JSON is text.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sim_task', 'text', (c) => c.notNull())
    .addColumn('instruction', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('budget', 'integer', (c) => c.notNull())
    .addColumn('max_in_flight', 'integer', (c) => c.notNull())
    .addColumn('pairing', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaign_policies')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
    .addPrimaryKeyConstraint('campaign_policies_pk', ['campaign_id', 'policy_id'])
    .execute();

  await db.schema
    .createTable('campaign_tasks')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addPrimaryKeyConstraint('campaign_tasks_pk', ['campaign_id', 'task_id'])
    .execute();

  await db.schema
    .createTable('comparisons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('policy_a_id', 'text', (c) => c.notNull().references('policies.id'))
    .addColumn('policy_b_id', 'text', (c) => c.notNull().references('policies.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addUniqueConstraint('comparisons_campaign_ordinal_unique', ['campaign_id', 'ordinal'])
    .execute();
  await db.schema
    .createIndex('comparisons_campaign_status_idx')
    .on('comparisons')
    .columns(['campaign_id', 'status'])
    .execute();

  await db.schema
    .createTable('episodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comparison_id', 'text', (c) => c.notNull().references('comparisons.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('progress', 'double precision', (c) => c.notNull())
    .addColumn('steps', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('trajectory_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('episodes_comparison_side_unique', ['comparison_id', 'side'])
    .execute();

  await db.schema
    .createTable('judgements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comparison_id', 'text', (c) => c.notNull().references('comparisons.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('judge', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('judgements_comparison_judge_unique', ['comparison_id', 'judge'])
    .execute();

  await db.schema
    .createTable('rating_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('judgement_count', 'integer', (c) => c.notNull())
    .addColumn('ratings', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rating_snapshots_campaign_time_idx')
    .on('rating_snapshots')
    .columns(['campaign_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'rating_snapshots',
    'judgements',
    'episodes',
    'comparisons',
    'campaign_tasks',
    'campaign_policies',
    'campaigns',
    'tasks',
    'policies',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

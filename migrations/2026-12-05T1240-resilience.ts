import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  // The last error the scheduler met supplying this campaign (null once it succeeds again), so
  // one broken campaign is visible instead of silently starving.
  await db.schema.alterTable('campaigns').addColumn('scheduling_error', 'text').execute();
  // What an episode ended by the policy's own error counts as: 'loss' or 'exclude'.
  await db.schema
    .alterTable('campaigns')
    .addColumn('policy_errors', 'text', (c) => c.notNull().defaultTo('loss'))
    .execute();
  // Why the episode ended (success, time-limit, policy-error, physics-diverged); null for rows
  // written before it was recorded and for robot episodes.
  await db.schema.alterTable('episodes').addColumn('termination', 'text').execute();
  // Set while a remote policy's server cannot be reached: the scheduler leaves the policy out
  // until its health check passes again.
  await db.schema.alterTable('policies').addColumn('unreachable_since', 'text').execute();
  await db.schema.alterTable('policies').addColumn('unreachable_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('policies').dropColumn('unreachable_reason').execute();
  await db.schema.alterTable('policies').dropColumn('unreachable_since').execute();
  await db.schema.alterTable('episodes').dropColumn('termination').execute();
  await db.schema.alterTable('campaigns').dropColumn('policy_errors').execute();
  await db.schema.alterTable('campaigns').dropColumn('scheduling_error').execute();
}

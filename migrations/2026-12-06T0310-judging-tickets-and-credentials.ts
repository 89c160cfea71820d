import { type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Credentials: only the SHA-256 of each random token is kept. Sessions made from a token name
  // its id, so revoking the token ends them too.
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('station', 'text')
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  // The key that signs session cookies, made once by whichever replica starts first, so every
  // replica sharing the database accepts every session.
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A crowd judge sees a comparison only through a ticket: random, bound to one judge and one
  // comparison, with the side shown on the left drawn once and kept, so nothing a judge can
  // reach maps back to the comparison, and a vote needs a ticket that was issued to its judge.
  await db.schema
    .createTable('judging_tickets')
    .addColumn('ticket', 'text', (c) => c.primaryKey())
    .addColumn('judge', 'text', (c) => c.notNull())
    .addColumn('comparison_id', 'text', (c) => c.notNull().references('comparisons.id'))
    .addColumn('left_side', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addUniqueConstraint('judging_tickets_judge_comparison', ['judge', 'comparison_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('judging_tickets').execute();
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('server_secrets').execute();
}

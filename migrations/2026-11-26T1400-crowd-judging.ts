import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Which kinds of judgement a campaign's ranking counts. Automatic judgements are always
  // recorded (they are needed to measure auto-vs-human agreement) but count only when listed.
  await db.schema
    .createTable('campaign_judgement_sources')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_judgement_sources_pk', ['campaign_id', 'source'])
    .execute();
  // Campaigns created before this migration were ranked on automatic judgements.
  await sql`insert into campaign_judgement_sources (campaign_id, source) select id, 'auto' from campaigns`.execute(
    db,
  );
  await db.schema.alterTable('judgements').addColumn('comment', 'text').execute();
  // "Both failed" is a tie for the ranking, kept apart for exports (Chatbot Arena's "tie (bothbad)").
  await db.schema
    .alterTable('judgements')
    .addColumn('both_failed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('judgements').dropColumn('both_failed').execute();
  await db.schema.alterTable('judgements').dropColumn('comment').execute();
  await db.schema.dropTable('campaign_judgement_sources').execute();
}

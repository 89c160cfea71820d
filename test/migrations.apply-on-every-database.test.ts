import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Migrator } from 'kysely';
import { migrations } from '../migrations/index.ts';
import { migrateToLatest } from '../services/db/migrate.ts';
import { backends, withDatabase } from './helpers/databases.ts';

const expectedTables = [
  'api_tokens',
  'artifacts',
  'campaign_judgement_sources',
  'campaign_policies',
  'campaign_stations',
  'campaign_tasks',
  'campaigns',
  'comparisons',
  'deployment',
  'episodes',
  'judgements',
  'judging_tickets',
  'policies',
  'policy_handles',
  'rating_snapshots',
  'server_secrets',
  'tasks',
];

for (const backend of backends) {
  test(`${backend}: migrations create the schema, and a second run applies nothing`, async () => {
    await withDatabase(
      backend,
      async ({ db }) => {
        const applied = await migrateToLatest(db);
        assert.deepEqual(applied, [
          '2026-11-26T1200-initial-schema',
          '2026-11-26T1300-episode-metrics-and-perturbations',
          '2026-11-26T1400-crowd-judging',
          '2026-11-26T1500-remote-policies-and-stations',
          '2026-12-05T1230-artifact-store',
          '2026-12-05T1231-deployment-identity',
          '2026-12-05T1240-resilience',
          '2026-12-06T0310-judging-tickets-and-credentials',
          '2026-12-06T0320-station-control-rate',
          '2026-12-06T0330-campaign-request-id',
        ]);
        const campaignColumns = (await db.introspection.getTables())
          .find((t) => t.name === 'campaigns')
          ?.columns.map((c) => c.name);
        assert.ok(campaignColumns?.includes('request_id'));
        const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
        assert.deepEqual(tables, expectedTables);
        assert.deepEqual(await migrateToLatest(db), []);
      },
      { migrate: false },
    );
  });

  test(`${backend}: a judge can judge a comparison only once`, async () => {
    await withDatabase(backend, async ({ db }) => {
      const now = new Date().toISOString();
      await db
        .insertInto('policies')
        .values([
          {
            id: 'p1',
            name: 'one',
            kind: 'builtin',
            config: '{"builtin":"expert"}',
            created_at: now,
          },
          {
            id: 'p2',
            name: 'two',
            kind: 'builtin',
            config: '{"builtin":"random"}',
            created_at: now,
          },
        ])
        .execute();
      await db
        .insertInto('tasks')
        .values({ id: 't', name: 't', sim_task: 't', instruction: 'i', created_at: now })
        .execute();
      await db
        .insertInto('campaigns')
        .values({
          id: 'c',
          name: 'c',
          status: 'draft',
          budget: 1,
          max_in_flight: 1,
          pairing: 'uniform',
          seed: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('comparisons')
        .values({
          id: 'c-0',
          campaign_id: 'c',
          ordinal: 0,
          task_id: 't',
          seed: 1,
          policy_a_id: 'p1',
          policy_b_id: 'p2',
          status: 'queued',
          error: null,
          created_at: now,
          completed_at: null,
        })
        .execute();
      const judgement = {
        comparison_id: 'c-0',
        source: 'crowd' as const,
        judge: 'j1',
        outcome: 'A' as const,
        created_at: now,
      };
      await db
        .insertInto('judgements')
        .values({ id: 'j-1', ...judgement })
        .execute();
      await assert.rejects(
        db
          .insertInto('judgements')
          .values({ id: 'j-2', ...judgement, outcome: 'B' })
          .execute(),
      );
    });
  });
}

for (const backend of backends) {
  test(`${backend}: campaigns created before crowd judging keep ranking on automatic judgements`, async () => {
    await withDatabase(
      backend,
      async ({ db }) => {
        const migrator = new Migrator({
          db,
          provider: { getMigrations: () => Promise.resolve(migrations) },
        });
        const partial = await migrator.migrateTo(
          '2026-11-26T1300-episode-metrics-and-perturbations',
        );
        assert.equal(partial.error, undefined);
        const now = new Date().toISOString();
        await db
          .insertInto('campaigns')
          .values({
            id: 'old',
            name: 'old',
            status: 'completed',
            budget: 1,
            max_in_flight: 1,
            pairing: 'uniform',
            seed: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await migrateToLatest(db);
        const sources = await db.selectFrom('campaign_judgement_sources').selectAll().execute();
        assert.deepEqual(sources, [{ campaign_id: 'old', source: 'auto' }]);
      },
      { migrate: false },
    );
  });
}

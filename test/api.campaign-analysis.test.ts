import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { registerTask } from '../services/catalog/task-store.ts';
import { withDatabase } from './helpers/databases.ts';
import { insertComparison, seedCampaign } from './helpers/fixtures.ts';

const simCatalog = { policies: ['expert', 'random'], tasks: [] };

test('breakdowns, auto-vs-human agreement and planning are served per campaign', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const campaignId = await seedCampaign(db, { budget: 100, judgementSources: ['auto', 'crowd'] });
    const { task: second } = await registerTask(db, {
      name: 'other-task',
      simTask: 'x',
      instruction: 'i',
    });
    const first = await db
      .selectFrom('tasks')
      .select('id')
      .where('name', '!=', 'other-task')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('campaign_tasks')
      .values({ campaign_id: campaignId, task_id: second.id, perturbations: null })
      .execute();
    const policy = async (name: string): Promise<string> =>
      (
        await db
          .selectFrom('policies')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id;
    const [expert, random] = [await policy('expert'), await policy('random')];
    const now = new Date().toISOString();
    // 40 comparisons expert vs random: expert wins 30 automatically, 10 are ties. The crowd judges
    // every fourth comparison and always prefers the expert, so it agrees with every decisive
    // automatic outcome and disagrees with the ties.
    for (let ordinal = 0; ordinal < 40; ordinal++) {
      const id = await insertComparison(db, campaignId, {
        ordinal,
        policyA: expert,
        policyB: random,
        taskId: ordinal % 2 === 0 ? first.id : second.id,
        status: 'completed',
      });
      const auto = ordinal % 4 === 3 ? 'tie' : 'A';
      await db
        .insertInto('judgements')
        .values({
          id: `${id}-auto`,
          comparison_id: id,
          source: 'auto',
          judge: 'auto',
          outcome: auto,
          created_at: now,
        })
        .execute();
      if (ordinal % 4 === 0 || ordinal % 4 === 3) {
        await db
          .insertInto('judgements')
          .values({
            id: `${id}-c`,
            comparison_id: id,
            source: 'crowd',
            judge: `crowd-${ordinal % 3}`,
            outcome: 'A',
            created_at: now,
          })
          .execute();
      }
    }
    // Half the comparisons ran with light objects, half with heavy ones.
    for (let ordinal = 0; ordinal < 40; ordinal++) {
      await db
        .updateTable('comparisons')
        .set({ perturbation: JSON.stringify({ objectMassScale: ordinal < 20 ? 0.5 : 2 }) })
        .where('id', '=', `${campaignId}-${ordinal}`)
        .execute();
    }
    const api = request(createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) }));

    const byTask = await api.get('/api/campaigns/test-campaign/breakdown?by=task').expect(200);
    assert.deepEqual(
      byTask.body.groups.map((g: { label: string }) => g.label).sort(),
      ['other-task', 'push-cube'].sort(),
    );
    for (const group of byTask.body.groups) assert.equal(group.leaderboard[0].policy, 'expert');
    const bySource = await api.get('/api/campaigns/test-campaign/breakdown?by=source').expect(200);
    assert.deepEqual(
      bySource.body.groups.map((g: { key: string; judgementCount: number }) => [
        g.key,
        g.judgementCount,
      ]),
      [
        ['auto', 40],
        ['crowd', 20],
      ],
    );

    const byMass = await api
      .get('/api/campaigns/test-campaign/breakdown?by=perturbation.objectMassScale')
      .expect(200);
    assert.deepEqual(
      byMass.body.groups.map((g: { key: string; judgementCount: number }) => [
        g.key,
        g.judgementCount,
      ]),
      [
        ['0.5', 30],
        ['2', 30],
      ],
    );
    const unknownAxis = await api
      .get('/api/campaigns/test-campaign/breakdown?by=perturbation.colour')
      .expect(400);
    assert.equal(unknownAxis.body.problems[0].field, 'by');

    const { agreement } = (await api.get('/api/campaigns/test-campaign/agreement').expect(200))
      .body;
    assert.equal(agreement.comparisons, 20);
    assert.equal(agreement.counts.sameWinner, 10);
    assert.equal(agreement.counts.autoTie, 10);
    assert.equal(agreement.exact.rate, 0.5);
    assert.equal(agreement.decisive.rate, 1);

    const { plan } = (
      await api.get('/api/campaigns/test-campaign/plan?a=expert&b=random').expect(200)
    ).body;
    assert.equal(plan.a, 'expert');
    assert.equal(plan.b, 'random');
    assert.ok(plan.ratingDifference > 0);
    assert.equal(typeof plan.comparisonsNeeded, 'number');

    let res = await api.get('/api/campaigns/test-campaign/plan?a=expert&b=ghost').expect(400);
    assert.equal(res.body.problems[0].field, 'b');
    res = await api.get('/api/campaigns/test-campaign/breakdown?by=colour').expect(400);
    assert.equal(res.body.problems[0].field, 'by');
    await api.get('/api/campaigns/nonesuch/agreement').expect(404);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../services/api/create-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { researcherAgent } from './helpers/auth.ts';

const simCatalog = {
  policies: ['expert', 'random'],
  tasks: [{ name: 'push-cube', instruction: 'push the cube onto the target' }],
};

for (const backend of backends) {
  test(`${backend}: the API names the field and the problem, and retries are harmless`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const app = createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) });
      const api = await researcherAgent(app, db);

      let res = await api.post('/api/policies').send({ kind: 'builtin', builtin: 'expert' });
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.problems.map((p: { field: string }) => p.field),
        ['name'],
      );

      res = await api
        .post('/api/policies')
        .send({ name: 'x', kind: 'builtin', builtin: 'nonesuch' });
      assert.equal(res.status, 400);
      assert.equal(res.body.problems[0].field, 'builtin');
      assert.match(res.body.problems[0].problem, /expert, random/);

      res = await api
        .post('/api/policies')
        .set('content-type', 'application/json')
        .send('{"name": ');
      assert.equal(res.status, 400);
      assert.match(res.body.error, /not valid JSON/);

      const first = await api
        .post('/api/policies')
        .send({ name: 'expert', kind: 'builtin', builtin: 'expert' });
      assert.equal(first.status, 201);
      const retry = await api
        .post('/api/policies')
        .send({ name: 'expert', kind: 'builtin', builtin: 'expert' });
      assert.equal(retry.status, 200);
      assert.equal(retry.body.policy.id, first.body.policy.id);
      res = await api
        .post('/api/policies')
        .send({ name: 'expert', kind: 'builtin', builtin: 'random' });
      assert.equal(res.status, 409);
      assert.equal(res.body.problems[0].field, 'name');
      await api
        .post('/api/policies')
        .send({ name: 'random', kind: 'builtin', builtin: 'random' })
        .expect(201);
      assert.equal((await api.get('/api/policies')).body.policies.length, 2);

      res = await api.post('/api/tasks').send({ name: 'push', simTask: 'fly' });
      assert.equal(res.status, 400);
      assert.equal(res.body.problems[0].field, 'simTask');
      res = await api.post('/api/tasks').send({ name: 'push', simTask: 'push-cube' });
      assert.equal(res.status, 201);
      assert.equal(res.body.task.instruction, 'push the cube onto the target');

      const campaign = { name: 'c1', policies: ['expert', 'random'], tasks: ['push'], budget: 10 };
      res = await api
        .post('/api/campaigns')
        .send({ ...campaign, budget: 'ten', policies: ['expert'] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.problems.map((p: { field: string }) => p.field).sort(), [
        'budget',
        'policies',
      ]);
      res = await api.post('/api/campaigns').send({ ...campaign, policies: ['expert', 'ghost'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.problems[0].field, 'policies[1]');
      res = await api.post('/api/campaigns').send({ ...campaign, colour: 'red' });
      assert.equal(res.status, 400);
      assert.match(res.body.error, /colour/);
      assert.equal(
        (await api.get('/api/campaigns')).body.campaigns.length,
        0,
        'nothing half-written',
      );

      const created = await api.post('/api/campaigns').send(campaign).expect(201);
      assert.equal(created.body.campaign.status, 'draft');
      assert.equal(created.body.campaign.progress.budget, 10);
      const again = await api.post('/api/campaigns').send(campaign).expect(200);
      assert.equal(again.body.campaign.id, created.body.campaign.id);
      await api
        .post('/api/campaigns')
        .send({ ...campaign, budget: 11 })
        .expect(409);

      await api.get('/api/campaigns/nonesuch').expect(404);
      await api.post('/api/campaigns/nonesuch/start').expect(404);
      res = await api.post('/api/campaigns/c1/start').expect(200);
      assert.equal(res.body.campaign.status, 'running');
      await api.post('/api/campaigns/c1/start').expect(200);
      res = await api.post('/api/campaigns/c1/pause').expect(200);
      assert.equal(res.body.campaign.status, 'paused');
      res = await api.get(`/api/campaigns/${created.body.campaign.id}/leaderboard`).expect(200);
      assert.equal(res.body.snapshot, null);
      await api.get('/api/nonesuch').expect(404);
    });
  });
}

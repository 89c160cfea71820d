import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { builtinPolicyNames, listTasks, parameterisedPolicyName } from '../sim/index.ts';
import { backends, withDatabase } from './helpers/databases.ts';

const simCatalog = {
  policies: builtinPolicyNames,
  parameterisedPolicy: parameterisedPolicyName,
  tasks: listTasks(),
};

for (const backend of backends) {
  test(`${backend}: a policy's health runs it for real, and parameterised builtins are checked at registration`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const api = request(
        createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) }),
      );

      let res = await api.get('/api/policies').expect(200);
      assert.deepEqual(res.body.builtins, [...builtinPolicyNames]);
      assert.equal(res.body.parameterisedBuiltin, 'degraded-expert');

      await api
        .post('/api/policies')
        .send({ name: 'expert', kind: 'builtin', builtin: 'expert' })
        .expect(201);
      res = await api
        .post('/api/policies')
        .send({ name: 'half', kind: 'builtin', builtin: 'degraded-expert?skill=0.5' })
        .expect(201);
      assert.equal(res.body.policy.builtin, 'degraded-expert?skill=0.5');

      res = await api
        .post('/api/policies')
        .send({ name: 'bad', kind: 'builtin', builtin: 'degraded-expert?skill=3' });
      assert.equal(res.status, 400);
      assert.equal(res.body.problems[0].field, 'builtin');
      assert.match(res.body.problems[0].problem, /skill.*0 to 1/);
      res = await api
        .post('/api/policies')
        .send({ name: 'remote', kind: 'websocket', builtin: 'expert' });
      assert.equal(res.status, 400);
      assert.equal(res.body.problems[0].field, 'kind');

      res = await api.get('/api/policies/half/health').expect(200);
      assert.equal(res.body.policy.name, 'half');
      const { health } = res.body;
      assert.equal(health.ok, true);
      assert.equal(health.error, null);
      assert.ok(health.steps > 0, 'an episode ran');
      assert.ok(health.latencyMs >= 0);
      // Cached: the same check answers again without running another episode.
      const again = await api.get('/api/policies/half/health').expect(200);
      assert.equal(again.body.health.checkedAt, health.checkedAt);

      await api.get('/api/policies/nonesuch/health').expect(404);
    });
  });
}

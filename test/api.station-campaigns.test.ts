import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { registerPolicy } from '../services/catalog/policy-store.ts';
import { registerTask } from '../services/catalog/task-store.ts';
import { StationControl } from '../services/stations/station-control.ts';
import { builtinPolicyNames, listTasks } from '../sim/index.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { firstSimTask } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const simCatalog = { policies: builtinPolicyNames, tasks: listTasks() };

for (const backend of backends) {
  test(`${backend}: station campaigns and the evaluator API name the field and the problem`, async () => {
    await withQueuePrefix(async (prefix) => {
      await withDatabase(backend, async ({ db }, { dataDir }) => {
        const stations = new StationControl(testRedisUrl, prefix);
        try {
          const api = request(
            createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir), stations }),
          );
          for (const name of ['expert', 'random'])
            await registerPolicy(db, { name, kind: 'builtin', builtin: name });
          await registerTask(db, {
            name: firstSimTask.name,
            simTask: firstSimTask.name,
            instruction: firstSimTask.instruction,
          });
          const campaign = {
            name: 'on-robots',
            policies: ['expert', 'random'],
            tasks: [firstSimTask.name],
            budget: 4,
          };

          const problem = async (body: object, field: string, pattern: RegExp) => {
            const res = await api.post('/api/campaigns').send(body).expect(400);
            const found = res.body.problems.find((p: { field: string }) => p.field === field);
            assert.ok(found, `expected a problem at ${field}, got ${JSON.stringify(res.body)}`);
            assert.match(found.problem, pattern);
          };
          await problem(
            { ...campaign, stations: ['Lab 1'] },
            'stations[0]',
            /station name|lower-case/,
          );
          await problem({ ...campaign, stations: ['a', 'a'] }, 'stations', /repeat/);
          await problem(
            { ...campaign, stations: ['lab-1'], judgementSources: ['auto'] },
            'judgementSources',
            /evaluator/,
          );
          await problem({ ...campaign, stationEpisodeS: 30 }, 'stationEpisodeS', /stations/);
          await problem(
            {
              ...campaign,
              stations: ['lab-1'],
              tasks: [{ task: firstSimTask.name, perturbations: { objectMassScale: [1, 2] } }],
            },
            'tasks[0].perturbations',
            /simulation only/,
          );
          // Nothing was half-written by the refused requests.
          assert.equal((await api.get('/api/campaigns').expect(200)).body.campaigns.length, 0);

          const created = await api
            .post('/api/campaigns')
            .send({ ...campaign, stations: ['lab-2', 'lab-1'] })
            .expect(201);
          assert.deepEqual(created.body.campaign.stations, ['lab-1', 'lab-2']);
          assert.equal(created.body.campaign.stationEpisodeS, 60);
          // Only evaluators judge a station's comparisons, so that is what the ranking counts.
          assert.deepEqual(created.body.campaign.judgementSources, ['evaluator']);
          // A retried create is harmless; a different station list under the name conflicts.
          await api
            .post('/api/campaigns')
            .send({ ...campaign, stations: ['lab-1', 'lab-2'] })
            .expect(200);
          await api
            .post('/api/campaigns')
            .send({ ...campaign, stations: ['lab-1'] })
            .expect(409);

          assert.deepEqual((await api.get('/api/stations').expect(200)).body.stations, [
            'lab-1',
            'lab-2',
          ]);
          const idle = await api.get('/api/stations/lab-1').expect(200);
          assert.deepEqual(idle.body, { station: 'lab-1', current: null, waiting: 0 });
          const badName = await api.get('/api/stations/Lab_1').expect(400);
          assert.equal(badName.body.problems[0].field, 'station');

          // Signals and scores with a ticket the station never handed out are conflicts.
          const madeUp = 'AAAAAAAAAAAAAAAAAAAAAAAA';
          const signal = await api
            .post('/api/stations/lab-1/signals')
            .send({ ticket: madeUp, signal: 'start-A' })
            .expect(409);
          assert.equal(signal.body.problems[0].field, 'ticket');
          const bad = await api
            .post('/api/stations/lab-1/evaluations')
            .send({ ticket: madeUp, progressA: 150, progressB: 10, preference: 'left' })
            .expect(400);
          const fields = bad.body.problems.map((p: { field: string }) => p.field).sort();
          assert.deepEqual(fields, ['evaluator', 'preference', 'progressA']);
          await api
            .post('/api/stations/lab-1/evaluations')
            .send({
              ticket: madeUp,
              progressA: 50,
              progressB: 10,
              preference: 'A',
              evaluator: 'ana',
            })
            .expect(409);
        } finally {
          await stations.close();
        }
      });
    });
  });
}

test('without a queue the station API says so with 503', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const api = request(createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) }));
    const res = await api.get('/api/stations/lab-1').expect(503);
    assert.match(res.body.error, /stations are not available/);
  });
});

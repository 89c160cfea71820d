import assert from 'node:assert/strict';
import { test } from 'node:test';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Express } from 'express';
import type { Kysely } from 'kysely';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import type { Database } from '../services/db/schema.ts';
import { backends, withDatabase } from './helpers/databases.ts';

const simCatalog = {
  policies: ['expert', 'random'],
  tasks: [{ name: 'push-cube', instruction: 'push the cube onto the target' }],
};

for (const backend of backends) {
  test(`${backend}: the API names the field and the problem, and retries are harmless`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const app = createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) });
      const api = request(app);

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

/** Everything the API stores on a request, counted, so a refused request is seen to add nothing. */
async function storedRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['policies', 'tasks', 'campaigns', 'campaign_tasks'] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Runs `fn` while collecting what the code under test writes to console.error. */
async function collectingErrorLog<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; logged: string[] }> {
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    logged.push(
      args
        .map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : String(arg)))
        .join(' '),
    );
  };
  try {
    return { result: await fn(), logged };
  } finally {
    console.error = original;
  }
}

for (const backend of backends) {
  test(`${backend}: unreadable bodies are refused with 413, 415 or 400 naming the problem`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const app = createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) });
      await withListening(app, async (baseUrl) => {
        const before = await storedRows(db);
        const json = { 'content-type': 'application/json' };
        const policy = JSON.stringify({ name: 'expert', kind: 'builtin', builtin: 'expert' });
        const cases: {
          what: string;
          path?: string;
          headers: Record<string, string>;
          body: string | Buffer;
          status: number;
          field: string;
        }[] = [
          {
            what: 'a body over 1 MB',
            headers: json,
            body: JSON.stringify({ name: 'x'.repeat(2_000_000), kind: 'builtin' }),
            status: 413,
            field: '(body)',
          },
          {
            what: 'a gzip body inflating past 1 MB',
            headers: { ...json, 'content-encoding': 'gzip' },
            body: gzipSync(JSON.stringify({ name: ' '.repeat(5_000_000) })),
            status: 413,
            field: '(body)',
          },
          {
            what: 'charset=latin1',
            headers: { 'content-type': 'application/json; charset=latin1' },
            body: policy,
            status: 415,
            field: 'content-type',
          },
          {
            what: 'charset=utf-16',
            headers: { 'content-type': 'application/json; charset=utf-16' },
            body: policy,
            status: 415,
            field: 'content-type',
          },
          {
            what: 'a form post',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'name=expert&kind=builtin&builtin=expert',
            status: 415,
            field: 'content-type',
          },
          {
            what: 'text/plain to a campaign action',
            path: '/api/campaigns/c1/start',
            headers: { 'content-type': 'text/plain' },
            body: policy,
            status: 415,
            field: 'content-type',
          },
          {
            what: 'no content-type',
            headers: {},
            body: policy,
            status: 415,
            field: 'content-type',
          },
          {
            what: 'an unknown content-encoding',
            headers: { ...json, 'content-encoding': 'compress' },
            body: policy,
            status: 415,
            field: 'content-encoding',
          },
          {
            what: 'a corrupt gzip body',
            headers: { ...json, 'content-encoding': 'gzip' },
            body: 'this is not gzip',
            status: 400,
            field: 'content-encoding',
          },
          {
            what: 'malformed JSON',
            headers: json,
            body: '{"name": ',
            status: 400,
            field: '(body)',
          },
          {
            what: 'a __proto__ key in an observation mapping',
            headers: json,
            body:
              '{"name":"remote","kind":"openpi","endpoint":"ws://policy.example:8000",' +
              '"observation":{"__proto__":"jointPositionsRad"}}',
            status: 400,
            field: 'observation.__proto__',
          },
          {
            what: 'a constructor key in a perturbation sweep',
            path: '/api/campaigns',
            headers: json,
            body: JSON.stringify({
              name: 'c1',
              policies: ['a', 'b'],
              tasks: [{ task: 'push', perturbations: { constructor: [1] } }],
              budget: 10,
            }),
            status: 400,
            field: 'tasks[0].perturbations.constructor',
          },
          {
            what: 'a prototype key at the top',
            path: '/api/tasks',
            headers: json,
            body: JSON.stringify({ name: 'push', simTask: 'push-cube', prototype: {} }),
            status: 400,
            field: 'prototype',
          },
        ];
        const { logged } = await collectingErrorLog(async () => {
          for (const c of cases) {
            const res = await rawPost(baseUrl, c.path ?? '/api/policies', c.headers, c.body);
            assert.equal(res.status, c.status, `${c.what}: ${res.text}`);
            assert.match(res.contentType, /application\/json/, c.what);
            const answer = JSON.parse(res.text);
            assert.equal(answer.problems?.[0]?.field, c.field, `${c.what}: ${res.text}`);
            assert.equal(typeof answer.error, 'string', c.what);
          }
        });
        assert.deepEqual(logged, [], 'a refused body is the client’s doing, not an error to log');
        assert.deepEqual(await storedRows(db), before, 'nothing was written');
        // The API still answers, and well-formed requests, plain or gzipped, are accepted.
        assert.equal((await fetch(`${baseUrl}/api/health`)).status, 200);
        const utf8 = { 'content-type': 'application/json; charset=UTF-8' };
        assert.equal((await rawPost(baseUrl, '/api/policies', utf8, policy)).status, 201);
        const gzipped = { ...json, 'content-encoding': 'gzip' };
        assert.equal(
          (await rawPost(baseUrl, '/api/policies', gzipped, gzipSync(policy))).status,
          200,
        );
      });
    });
  });
}

/** Serves `app` on a free loopback port for the length of `fn`. */
async function withListening<T>(app: Express, fn: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A POST with exactly these headers and bytes (fetch and supertest rewrite some of both). */
function rawPost(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${path}`,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type']),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    // The server may answer (413, 415) before it has read everything.
    req.on('error', reject);
    req.end(body);
  });
}

for (const backend of backends) {
  test(`${backend}: numbers and sizes outside their bounds are refused before anything is built`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const api = request(
        createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) }),
      );
      for (const name of ['expert', 'random']) {
        await api.post('/api/policies').send({ name, kind: 'builtin', builtin: name }).expect(201);
      }
      await api.post('/api/tasks').send({ name: 'push', simTask: 'push-cube' }).expect(201);
      const before = await storedRows(db);
      const remote = { name: 'remote', kind: 'openpi', endpoint: 'ws://policy.example:8000' };
      const campaign = { name: 'c1', policies: ['expert', 'random'], tasks: ['push'], budget: 10 };
      const hundred = Array.from({ length: 100 }, (_, i) => 0.5 + i / 100);
      const cases: { what: string; path: string; body: object; field: string; says?: RegExp }[] = [
        {
          what: 'executeSteps 1e9',
          path: '/api/policies',
          body: { ...remote, executeSteps: 1e9 },
          field: 'executeSteps',
          says: /1 to 1000/,
        },
        {
          what: 'executeSteps 0',
          path: '/api/policies',
          body: { ...remote, executeSteps: 0 },
          field: 'executeSteps',
        },
        {
          what: 'an action column past the bound',
          path: '/api/policies',
          body: { ...remote, actionColumns: [0, 1, 2, 3, 4, 5, 6, 1e7] },
          field: 'actionColumns[7]',
        },
        {
          what: 'an observation mapping of 65 keys',
          path: '/api/policies',
          body: {
            ...remote,
            observation: Object.fromEntries(
              Array.from({ length: 65 }, (_, i) => [`k${i}`, 'instruction']),
            ),
          },
          field: 'observation',
        },
        {
          what: 'an API key of 2000 characters',
          path: '/api/policies',
          body: { ...remote, apiKey: 'k'.repeat(2000) },
          field: 'apiKey',
        },
        {
          what: 'budget 1e9',
          path: '/api/campaigns',
          body: { ...campaign, budget: 1e9 },
          field: 'budget',
        },
        {
          what: 'budget 0',
          path: '/api/campaigns',
          body: { ...campaign, budget: 0 },
          field: 'budget',
        },
        {
          what: 'maxInFlight 1e6',
          path: '/api/campaigns',
          body: { ...campaign, maxInFlight: 1e6 },
          field: 'maxInFlight',
        },
        {
          what: 'a negative seed',
          path: '/api/campaigns',
          body: { ...campaign, seed: -1 },
          field: 'seed',
        },
        {
          what: 'an episode of a day on a station',
          path: '/api/campaigns',
          body: { ...campaign, stations: ['bench-1'], stationEpisodeS: 86_400 },
          field: 'stationEpisodeS',
        },
        {
          what: '101 policies',
          path: '/api/campaigns',
          body: { ...campaign, policies: Array.from({ length: 101 }, (_, i) => `p${i}`) },
          field: 'policies',
        },
        {
          what: 'an axis of 101 values',
          path: '/api/campaigns',
          body: {
            ...campaign,
            tasks: [{ task: 'push', perturbations: { objectMassScale: [...hundred, 1] } }],
          },
          field: 'tasks[0].perturbations.objectMassScale',
        },
        {
          what: 'a 4 × 100 sweep (10^8 grid points)',
          path: '/api/campaigns',
          body: {
            ...campaign,
            tasks: [
              {
                task: 'push',
                perturbations: {
                  objectMassScale: hundred,
                  objectFriction: hundred,
                  lightIntensity: hundred,
                  actuatorGainScale: hundred,
                },
              },
            ],
          },
          field: 'tasks[0].perturbations',
          says: /sweeps 100000000 combinations/,
        },
        {
          what: 'a sweep value out of its range',
          path: '/api/campaigns',
          body: {
            ...campaign,
            tasks: [{ task: 'push', perturbations: { objectFriction: [0.5, 7] } }],
          },
          field: 'tasks[0].perturbations.objectFriction',
        },
      ];
      for (const c of cases) {
        const res = await api.post(c.path).send(c.body);
        assert.equal(res.status, 400, `${c.what}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.problems[0].field, c.field, `${c.what}: ${JSON.stringify(res.body)}`);
        if (c.says !== undefined) assert.match(res.body.problems[0].problem, c.says, c.what);
      }
      const res = await api.get('/api/campaigns/nonesuch/comparisons?limit=1000000000');
      assert.equal(res.status, 400);
      assert.equal(res.body.problems[0].field, 'limit');
      assert.deepEqual(await storedRows(db), before, 'nothing was written');
      await api.get('/api/health').expect(200);
      await api.post('/api/campaigns').send(campaign).expect(201);
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { apiRoutes } from '../contract/api-routes.ts';
import { openApiDocument } from '../contract/openapi-document.ts';
import packageJson from '../package.json' with { type: 'json' };
import { adminQueuesPath } from '../services/api/admin-routes.ts';
import { createApp } from '../services/api/create-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { withDatabase } from './helpers/databases.ts';
import { registeredRoutes } from './helpers/express-routes.ts';
import { responseProblem } from './helpers/contract-checked-app.ts';

const simCatalog = { policies: ['expert'], tasks: [] };

/** `/api/campaigns/:ref` as OpenAPI writes it: `/api/campaigns/{ref}`. */
const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

test('every route the app registers is in the OpenAPI document, and every documented one is registered', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    // With a password the queue dashboard is built, so its routes are registered too.
    const app = createApp({
      db,
      simCatalog,
      artifacts: new LocalDirectoryStore(dataDir),
      adminQueues: [],
      adminPassword: 'walk',
    });
    const registered = registeredRoutes(app);
    assert.ok(registered.length > 30, `found only ${registered.length} routes`);
    const document = openApiDocument(packageJson.version);
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    // bull-board is a mounted application with its own pages and JSON API; the document
    // describes it as one entry at its mount path.
    const mountedBoard = registered.filter((r) => r.path.startsWith(`${adminQueuesPath}/`));
    assert.ok(mountedBoard.length > 0, 'the queue dashboard should be mounted');
    const own = registered
      .filter((r) => !r.path.startsWith(`${adminQueuesPath}/`))
      .map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`);
    const board = `GET ${adminQueuesPath}`;
    assert.deepEqual(
      own.filter((route) => !documented.has(route)),
      [],
      'registered but not documented',
    );
    assert.deepEqual(
      [...documented].filter((route) => route !== board && !own.includes(route)),
      [],
      'documented but not registered',
    );
    assert.ok(documented.has(board));

    // What the app serves is that document.
    const served = await request(app).get('/api/openapi.json').expect(200);
    assert.deepEqual(served.body, JSON.parse(JSON.stringify(document)));
  });
});

test('the document is OpenAPI 3.1 whose references, path parameters and operation ids hold together', () => {
  const document = openApiDocument(packageJson.version);
  assert.equal(document.openapi, '3.1.0');
  assert.equal(document.info.version, packageJson.version);
  const text = JSON.stringify(document);
  const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(refs.length > 20);
  assert.deepEqual(
    [...new Set(refs)].filter((id) => document.components.schemas[id] === undefined),
    [],
    'references to missing components',
  );
  const ids: string[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const [method, operation] of Object.entries(methods)) {
      ids.push(operation.operationId);
      const declared = (operation.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      assert.deepEqual(declared, inTemplate, `${method} ${path}: path parameters`);
      const statuses = Object.keys(operation.responses).map(Number);
      assert.ok(
        statuses.some((s) => s >= 200 && s < 300),
        `${method} ${path}: no success answer`,
      );
    }
  }
  assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
  // Requests are documented as sent: a default makes a field optional, a transform is invisible.
  const campaign = document.components.schemas['CampaignRequest'] as {
    required: string[];
    properties: Record<string, { default?: unknown }>;
  };
  assert.deepEqual(campaign.required.sort(), ['budget', 'name', 'policies', 'tasks']);
  assert.equal(campaign.properties['maxInFlight']?.default, 8);
  assert.equal(apiRoutes.length, ids.length);
});

test('the response check refuses answers the document does not allow', () => {
  assert.equal(responseProblem('GET', '/api/health', 200, { ok: true, status: 'ok' }), null);
  assert.match(responseProblem('GET', '/api/health', 200, { ok: 'yes' }) ?? '', /ok/);
  assert.match(responseProblem('GET', '/api/health', 201, { ok: true }) ?? '', /not documented/);
  // A field the document does not name is refused: the answers are closed objects.
  assert.match(
    responseProblem('GET', '/api/stations', 200, { stations: [], extra: 1 }) ?? '',
    /extra/,
  );
  assert.match(
    responseProblem('GET', '/api/campaigns/c-1/progress', 404, { problems: [] }) ?? '',
    /error/,
  );
  assert.equal(
    responseProblem('GET', '/api/campaigns/c-1/progress', 404, {
      error: 'campaign "c-1" does not exist',
    }),
    null,
  );
  assert.equal(responseProblem('GET', '/api/no-such-thing', 404, { error: 'no such' }), null);
});

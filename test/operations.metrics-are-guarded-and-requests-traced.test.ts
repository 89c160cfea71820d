import assert from 'node:assert/strict';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import request from 'supertest';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { ArenaMetrics } from '../services/metrics/arena-metrics.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { createApp } from './helpers/contract-checked-app.ts';
import { capturedLogger } from './helpers/captured-logger.ts';
import { recordWins, seedCampaign } from './helpers/fixtures.ts';

const simCatalog = { policies: ['expert'], tasks: [] };

/** The value of one series in the Prometheus text format, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('metrics answer a direct loopback scrape, and anything forwarded only with the bearer token', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const deps = { db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) };
    const open = createApp(deps);
    const direct = await request(open).get('/metrics').expect(200);
    assert.match(direct.headers['content-type'] ?? '', /^text\/plain/);
    assert.match(direct.text, /# TYPE arena_http_request_duration_seconds histogram/);
    assert.match(direct.text, /# TYPE arena_comparisons_total counter/);

    // A proxy on this machine connects from loopback too, but says it forwards.
    const forwarded = await request(open)
      .get('/metrics')
      .set('X-Forwarded-For', '203.0.113.9')
      .expect(403);
    assert.match(forwarded.body.error, /ARENA_METRICS_TOKEN/);

    const guarded = createApp({ ...deps, metricsToken: 's3cret-token' });
    const missing = await request(guarded)
      .get('/metrics')
      .set('X-Forwarded-For', '203.0.113.9')
      .expect(401);
    assert.equal(missing.headers['www-authenticate'], 'Bearer realm="metrics"');
    await request(guarded)
      .get('/metrics')
      .set('X-Forwarded-For', '203.0.113.9')
      .set('Authorization', 'Bearer wrong-token')
      .expect(401);
    await request(guarded)
      .get('/metrics')
      .set('Forwarded', 'for=203.0.113.9')
      .set('Authorization', 'Bearer s3cret-token')
      .expect(200);
  });
});

test('a connection from another address is refused without the token', async (t) => {
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
  if (external === undefined) return t.skip('this machine has no address beyond loopback');
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const app = createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) });
    const server = app.listen(0, '0.0.0.0');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const url = `http://${external.address}:${port}/metrics`;
      assert.equal((await fetch(url)).status, 403);
      assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

test('every request gets an id, echoed back and written on its log line with the route template', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const { logger, lines } = capturedLogger();
    const metrics = new ArenaMetrics({ db });
    const app = createApp({
      db,
      simCatalog,
      artifacts: new LocalDirectoryStore(dataDir),
      logger,
      metrics,
    });
    const kept = await request(app)
      .get('/api/campaigns/no-such-campaign')
      .set('X-Request-Id', 'lab-42.trace')
      .expect(404);
    assert.equal(kept.headers['x-request-id'], 'lab-42.trace');
    const made = await request(app).get('/api/campaigns').expect(200);
    assert.match(made.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    // An id that could forge log lines or bloat them is replaced.
    const replaced = await request(app)
      .get('/api/campaigns')
      .set('X-Request-Id', 'a b\tc')
      .expect(200);
    assert.notEqual(replaced.headers['x-request-id'], 'a b\tc');
    await request(app)
      .post('/api/tasks')
      .set('X-Request-Id', 'bad-task-1')
      .send({ name: 'x' })
      .expect(400);

    const line = lines.find((l) => l.requestId === 'lab-42.trace');
    assert.ok(line, 'the request was logged with its id');
    assert.equal(line.msg, 'request');
    assert.equal(line.route, '/api/campaigns/{ref}');
    assert.equal(line.status, 404);
    assert.equal(line.level, 'info');
    const refused = lines.find((l) => l.requestId === 'bad-task-1');
    assert.equal(refused?.route, '/api/tasks');
    assert.equal(refused.method, 'POST');
    assert.equal(lines.find((l) => l.requestId === made.headers['x-request-id'])?.level, 'debug');

    // Latency by route template: one series per route, not one per campaign name.
    const text = (await request(app).get('/metrics').expect(200)).text;
    const series =
      'arena_http_request_duration_seconds_count{method="GET",route="/api/campaigns/{ref}",status="404"}';
    assert.equal(sample(text, series), 1);
    assert.equal(
      sample(
        text,
        'arena_http_request_duration_seconds_count{method="GET",route="/api/campaigns",status="200"}',
      ),
      2,
    );
    assert.doesNotMatch(text, /no-such-campaign/);
  });
});

test('secrets never reach the log', () => {
  const { logger, lines } = capturedLogger();
  logger.info(
    {
      policy: { name: 'pi0', apiKey: 'key-123' },
      headers: { authorization: 'Bearer t0ken' },
      password: 'walk',
    },
    'with secrets',
  );
  const text = JSON.stringify(lines);
  for (const secret of ['key-123', 't0ken', 'walk']) assert.doesNotMatch(text, new RegExp(secret));
  assert.equal((lines[0]!.policy as { apiKey: string }).apiKey, '[redacted]');
});

for (const backend of backends) {
  test(`judges active counts crowd judges and evaluators of the last ten minutes (${backend})`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const campaignId = await seedCampaign(db, { budget: 10 });
      await recordWins(db, campaignId, 'expert', 'random', 4);
      const comparisons = await db.selectFrom('comparisons').select('id').execute();
      const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();
      const votes = [
        { judge: 'crowd:ada', source: 'crowd', at: minutesAgo(1) },
        { judge: 'crowd:ada', source: 'crowd', at: minutesAgo(2) },
        { judge: 'evaluator:bo', source: 'evaluator', at: minutesAgo(3) },
        { judge: 'crowd:cy', source: 'crowd', at: minutesAgo(30) },
      ] as const;
      await db
        .insertInto('judgements')
        .values(
          votes.map((v, i) => ({
            id: `vote-${i}`,
            comparison_id: comparisons[i]!.id,
            source: v.source,
            judge: v.judge,
            outcome: 'A' as const,
            comment: null,
            progress_a: null,
            progress_b: null,
            created_at: v.at,
          })),
        )
        .execute();
      const app = createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) });
      const text = (await request(app).get('/metrics').expect(200)).text;
      // ada twice and bo once in the window; cy too long ago; the automatic judge is no judge.
      assert.equal(sample(text, 'arena_judges_active'), 2);
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveBuiltinPolicy } from '../openpi/index.ts';
import { getWith, postJson, researcherOf, withServices } from './helpers/services.ts';
import { waitFor } from './helpers/fixtures.ts';

const budget = 6;

test('a remote policy on an openpi server is registered, checked and ranked like a built-in', async () => {
  // policy-arena's own openpi server stands in for a lab's: same protocol, real sockets.
  const server = await serveBuiltinPolicy('expert', { port: 0 });
  try {
    await withServices('sqlite', { simWorkers: 1, refitDebounceMs: 100 }, async (services) => {
      const post = (path: string, body: unknown): Promise<Response> =>
        postJson(services.url, path, body, researcherOf(services));
      const problems = async (body: object): Promise<{ field: string; problem: string }[]> => {
        const res = await post('/api/policies', body);
        assert.equal(res.status, 400);
        return ((await res.json()) as { problems: { field: string; problem: string }[] }).problems;
      };

      const remote = { name: 'remote-expert', kind: 'openpi', endpoint: server.url };
      const [scheme] = await problems({ ...remote, endpoint: 'http://127.0.0.1:1' });
      assert.equal(scheme!.field, 'endpoint');
      assert.match(scheme!.problem, /ws:\/\//);
      const [mapping] = await problems({ ...remote, observation: { prompt: 'noSuchField' } });
      assert.equal(mapping!.field, 'observation["prompt"]');
      const [kind] = await problems({ name: 'x', kind: 'grpc' });
      assert.equal(kind!.field, 'kind');

      assert.equal((await post('/api/policies', remote)).status, 201);
      assert.equal((await post('/api/policies', remote)).status, 200, 'a retry is harmless');
      assert.equal(
        (await post('/api/policies', { name: 'random', kind: 'builtin', builtin: 'random' }))
          .status,
        201,
      );
      assert.equal(
        (
          await post('/api/policies', {
            name: 'unreachable',
            kind: 'openpi',
            endpoint: 'ws://127.0.0.1:9',
          })
        ).status,
        201,
      );
      const listed = (await (
        await getWith(services.url, `/api/policies`, researcherOf(services))
      ).json()) as {
        policies: { name: string; kind: string; endpoint: string | null; hasApiKey: boolean }[];
      };
      const shown = listed.policies.find((p) => p.name === 'remote-expert')!;
      assert.deepEqual(
        [shown.kind, shown.endpoint, shown.hasApiKey],
        ['openpi', server.url, false],
      );

      const health = async (name: string) =>
        (
          (await (
            await getWith(services.url, `/api/policies/${name}/health`, researcherOf(services))
          ).json()) as {
            health: { ok: boolean; steps: number | null; error: string | null };
          }
        ).health;
      const healthy = await health('remote-expert');
      assert.equal(healthy.ok, true, healthy.error ?? '');
      assert.ok(healthy.steps !== null && healthy.steps > 0);
      const dead = await health('unreachable');
      assert.equal(dead.ok, false);
      assert.match(dead.error ?? '', /127\.0\.0\.1:9/);

      assert.equal((await post('/api/tasks', { name: 'reach', simTask: 'reach' })).status, 201);
      const created = await post('/api/campaigns', {
        name: 'remote',
        policies: ['remote-expert', 'random'],
        tasks: ['reach'],
        budget,
        maxInFlight: 3,
        seed: 3,
        start: true,
      });
      assert.equal(created.status, 201);
      const board = await waitFor(
        async () => {
          const res = await getWith(
            services.url,
            `/api/campaigns/remote/leaderboard`,
            researcherOf(services),
          );
          const body = (await res.json()) as {
            snapshot: { judgementCount: number; leaderboard: { policy: string }[] } | null;
          };
          return body.snapshot?.judgementCount === budget ? body.snapshot.leaderboard : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250, what: 'the remote campaign to be ranked' },
      );
      assert.deepEqual(
        board.map((r) => r.policy),
        ['remote-expert', 'random'],
      );
      const { db } = services.database;
      const failed = await db
        .selectFrom('comparisons')
        .select('error')
        .where('status', '=', 'failed')
        .execute();
      assert.deepEqual(failed, [], 'no comparison failed');
      const errors = await db
        .selectFrom('episodes')
        .select('error')
        .where('error', 'is not', null)
        .execute();
      assert.deepEqual(errors, [], 'no episode ended in a policy error');
    });
  } finally {
    await server.close();
  }
});

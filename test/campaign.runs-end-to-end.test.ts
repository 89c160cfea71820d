import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinPolicyNames } from '../sim/index.ts';
import { backends } from './helpers/databases.ts';
import { getWith, postJson, researcherOf, withServices } from './helpers/services.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';

const budget = 12;

interface LeaderboardRow {
  policy: string;
  rating: number;
  ciLow: number;
  ciHigh: number;
  comparisons: number;
  wins: number;
  losses: number;
  ties: number;
}

for (const backend of backends) {
  test(`${backend}: a campaign runs from the API through sim worker processes to a leaderboard`, async () => {
    await withServices(backend, { simWorkers: 2, refitDebounceMs: 100 }, async (services) => {
      const post = (path: string, body: unknown): Promise<Response> =>
        postJson(services.url, path, body, researcherOf(services));
      for (const name of builtinPolicyNames) {
        assert.equal(
          (await post('/api/policies', { name, kind: 'builtin', builtin: name })).status,
          201,
        );
      }
      assert.equal(
        (await post('/api/tasks', { name: 'task', simTask: firstSimTask.name })).status,
        201,
      );
      const created = await post('/api/campaigns', {
        name: 'e2e',
        policies: [...builtinPolicyNames],
        tasks: ['task'],
        budget,
        maxInFlight: 4,
        seed: 5,
        start: true,
      });
      assert.equal(created.status, 201);

      const campaign = await waitFor(
        async () => {
          const res = await getWith(services.url, `/api/campaigns/e2e`, researcherOf(services));
          const body = (await res.json()) as {
            campaign: { status: string; progress: { completed: number } };
          };
          return body.campaign.status === 'completed' ? body.campaign : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250, what: 'the campaign to complete' },
      );
      assert.equal(campaign.progress.completed, budget);

      const { db } = services.database;
      const comparisons = await db.selectFrom('comparisons').selectAll().execute();
      assert.equal(comparisons.filter((c) => c.status === 'completed').length, budget);
      assert.equal((await db.selectFrom('episodes').select('id').execute()).length, 2 * budget);
      assert.equal((await db.selectFrom('judgements').select('id').execute()).length, budget);

      const board = await waitFor(
        async () => {
          const res = await getWith(
            services.url,
            `/api/campaigns/e2e/leaderboard`,
            researcherOf(services),
          );
          const body = (await res.json()) as {
            snapshot: { judgementCount: number; leaderboard: LeaderboardRow[] } | null;
          };
          return body.snapshot?.judgementCount === budget ? body.snapshot.leaderboard : undefined;
        },
        { timeoutMs: 20_000, what: 'the final rating snapshot' },
      );
      assert.deepEqual(board.map((r) => r.policy).sort(), [...builtinPolicyNames].sort());
      // Every comparison is counted once for each of its two policies.
      assert.equal(
        board.reduce((n, r) => n + r.comparisons, 0),
        2 * budget,
      );
      const wins = board.reduce((n, r) => n + r.wins, 0);
      assert.equal(
        wins,
        board.reduce((n, r) => n + r.losses, 0),
      );
      assert.equal(wins + board.reduce((n, r) => n + r.ties, 0) / 2, budget);
      for (const row of board) {
        assert.ok(
          row.ciLow <= row.rating && row.rating <= row.ciHigh,
          `${row.policy}: rating outside its interval`,
        );
      }
      for (let i = 1; i < board.length; i++) assert.ok(board[i - 1]!.rating >= board[i]!.rating);
      const mean = board.reduce((n, r) => n + r.rating, 0) / board.length;
      assert.ok(Math.abs(mean - 1000) < 1e-6, `mean rating ${mean}`);
    });
  });
}

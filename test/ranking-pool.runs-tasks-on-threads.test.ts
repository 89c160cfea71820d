import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadId } from 'node:worker_threads';
import { RankingPool } from '../services/ranker/ranking-pool.ts';
import { runRankingTask } from '../services/ranker/ranking-task.ts';
import type { Judgement } from '../services/ranking/index.ts';

const policies = ['p0', 'p1', 'p2', 'p3'];
const judgements: Judgement[] = Array.from({ length: 200 }, (_, i) => ({
  a: policies[i % 4]!,
  b: policies[(i + 1 + (i % 3)) % 4]!,
  outcome: i % 5 === 0 ? 'tie' : i % 3 === 0 ? 'B' : 'A',
  comparisonId: `c-${i}`,
  judge: `judge-${i % 7}`,
  task: `task-${i % 2}`,
  source: 'auto',
}));

test('the ranking pool gives what the library gives in-process, off the main thread', async () => {
  const pool = new RankingPool(2);
  try {
    const task = {
      kind: 'snapshot' as const,
      campaignId: 'camp',
      judgements,
      names: policies.map((p): [string, string] => [p, p.toUpperCase()]),
      fittedAt: '2026-12-05T12:00:00.000Z',
    };
    const [onThread, breakdown] = await Promise.all([
      pool.run(task),
      pool.run({
        kind: 'breakdown',
        judgements,
        groups: judgements.map((j) => j.judge),
        bootstrapRounds: 50,
      }),
    ]);
    assert.deepEqual(onThread, runRankingTask(task));
    assert.equal(onThread.leaderboard[0]!.policy.toUpperCase(), onThread.leaderboard[0]!.policy);
    assert.deepEqual(breakdown.map(([key]) => key).sort(), [
      'judge-0',
      'judge-1',
      'judge-2',
      'judge-3',
      'judge-4',
      'judge-5',
      'judge-6',
    ]);
    assert.equal(threadId, 0, 'the test itself runs on the main thread');
  } finally {
    await pool.close();
  }
});

test("a task that throws rejects with the library's error and the pool carries on", async () => {
  const pool = new RankingPool(1);
  try {
    await assert.rejects(pool.run({ kind: 'plan', judgements, a: 'p0', b: 'nobody' }), (error) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /nobody/);
      return true;
    });
    const plan = await pool.run({ kind: 'plan', judgements, a: 'p0', b: 'p1' });
    assert.equal(typeof plan.furtherComparisons, 'number');
  } finally {
    await pool.close();
  }
});

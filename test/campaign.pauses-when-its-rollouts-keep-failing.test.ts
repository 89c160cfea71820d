import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinPolicyNames } from '../sim/index.ts';
import { waitFor } from './helpers/fixtures.ts';
import { getWith, postJson, researcherOf, withServices } from './helpers/services.ts';

test('a campaign whose rollouts keep failing is paused, with the reason on its comparisons, and can be restarted', async () => {
  await withServices('sqlite', { simWorkers: 1 }, async (services) => {
    const { db } = services.database;
    for (const name of builtinPolicyNames) {
      await postJson(
        services.url,
        '/api/policies',
        { name, kind: 'builtin', builtin: name },
        researcherOf(services),
      );
    }
    // A task the workers do not have (the API refuses it; a database shared with a newer
    // deployment could still hold one).
    await db
      .insertInto('tasks')
      .values({
        id: 'task_gone',
        name: 'gone',
        sim_task: 'no-such-task',
        instruction: 'i',
        created_at: new Date().toISOString(),
      })
      .execute();
    const created = await postJson(
      services.url,
      '/api/campaigns',
      {
        name: 'doomed',
        policies: [...builtinPolicyNames],
        tasks: ['gone'],
        budget: 40,
        maxInFlight: 4,
        start: true,
      },
      researcherOf(services),
    );
    assert.equal(created.status, 201);
    const status = async (): Promise<{
      status: string;
      progress: { failed: number; completed: number };
    }> =>
      (
        (await (
          await getWith(services.url, `/api/campaigns/doomed`, researcherOf(services))
        ).json()) as {
          campaign: { status: string; progress: { failed: number; completed: number } };
        }
      ).campaign;

    const paused = await waitFor(
      async () => ((await status()).status === 'paused' ? status() : undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: 'the campaign to be paused',
      },
    );
    assert.ok(paused.progress.failed >= 10, `${paused.progress.failed} failed`);
    assert.equal(paused.progress.completed, 0);
    const failures = await db
      .selectFrom('comparisons')
      .select('error')
      .where('status', '=', 'failed')
      .execute();
    for (const { error } of failures) assert.match(error ?? '', /no-such-task/);

    // Starting it again starts the failure count afresh: new comparisons are scheduled.
    const before = failures.length;
    assert.equal(
      (await postJson(services.url, '/api/campaigns/doomed/start', {}, researcherOf(services)))
        .status,
      200,
    );
    await waitFor(
      async () => {
        const rows = await db.selectFrom('comparisons').select('id').execute();
        return rows.length > before + 4 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'new comparisons after the restart' },
    );
  });
});

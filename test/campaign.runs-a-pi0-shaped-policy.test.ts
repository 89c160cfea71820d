// A campaign with a camera-based policy in the shape of pi0 on DROID: registered through the API
// as a remote openpi policy in the DROID layout, run by a sim worker process, ranked. The server
// checks every observation it receives (three 224 x 224 x 3 uint8 images, float32 joint and
// gripper positions, the prompt) and answers float32 (10, 8) joint-velocity chunks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPi0ShapedPolicyServer } from './helpers/pi0-shaped-policy-server.ts';
import { postJson, withServices } from './helpers/services.ts';
import { waitFor } from './helpers/fixtures.ts';

const budget = 4;

test('a campaign with a pi0-shaped policy in the DROID layout completes in simulation', async () => {
  const server = await startPi0ShapedPolicyServer();
  try {
    await withServices('sqlite', { simWorkers: 1, refitDebounceMs: 100 }, async (services) => {
      const post = (path: string, body: unknown): Promise<Response> =>
        postJson(services.url, path, body);
      const pi0 = {
        name: 'pi0-shaped',
        kind: 'openpi',
        endpoint: server.url,
        observation: 'droid',
        actionMode: 'joint-velocity',
        executeSteps: 8,
      };
      const wrongWidth = await post('/api/policies', {
        ...pi0,
        actionColumns: [0, 1, 2, 3, 4, 5, 6],
      });
      assert.equal(wrongWidth.status, 400);
      const [problem] = ((await wrongWidth.json()) as { problems: { field: string }[] }).problems;
      assert.equal(problem?.field, 'actionColumns');

      assert.equal((await post('/api/policies', pi0)).status, 201);
      const listed = (await (await fetch(`${services.url}/api/policies`)).json()) as {
        policies: { name: string; observation: unknown }[];
      };
      assert.equal(listed.policies.find((p) => p.name === 'pi0-shaped')?.observation, 'droid');
      assert.equal(
        (await post('/api/policies', { name: 'random', kind: 'builtin', builtin: 'random' }))
          .status,
        201,
      );
      assert.equal((await post('/api/tasks', { name: 'stack', simTask: 'stack' })).status, 201);
      const created = await post('/api/campaigns', {
        name: 'pi0',
        policies: ['pi0-shaped', 'random'],
        tasks: ['stack'],
        budget,
        maxInFlight: 2,
        seed: 5,
        start: true,
      });
      assert.equal(created.status, 201);
      await waitFor(
        async () => {
          const res = await fetch(`${services.url}/api/campaigns/pi0/leaderboard`);
          const body = (await res.json()) as { snapshot: { judgementCount: number } | null };
          return body.snapshot?.judgementCount === budget ? true : undefined;
        },
        { timeoutMs: 240_000, intervalMs: 500, what: 'the pi0 campaign to be ranked' },
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
      // Every episode of the pi0-shaped policy asked it once per 8 control steps, and every
      // observation it received was DROID-shaped.
      assert.deepEqual(server.problems(), []);
      assert.ok(server.observations() >= budget, `${server.observations()} observations`);
      assert.deepEqual(server.prompts(), ['stack the red cube on top of the blue cube']);
    });
  } finally {
    await server.close();
  }
});

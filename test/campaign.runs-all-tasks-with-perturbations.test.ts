import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinPolicyNames, listTasks } from '../sim/index.ts';
import { getWith, postJson, researcherOf, withServices } from './helpers/services.ts';
import { waitFor } from './helpers/fixtures.ts';

const budget = 20;
const sweeps: Record<string, Record<string, unknown[]>> = {
  'push-cube': { objectMassScale: [0.5, 2], objectFriction: [0.4, 1.2] },
  'pick-place': { distractorCount: [0, 2] },
  stack: { actuatorGainScale: [0.7, 1], actuatorLatencySteps: [0, 2] },
  'open-drawer': { lightIntensity: [0.3, 1.2], objectHueShiftDeg: [0, 90] },
  reach: { objectOffsetXM: [-0.03, 0.03] },
};

test('a campaign over every task with perturbation sweeps runs end to end and records them', async () => {
  await withServices('sqlite', { simWorkers: 2 }, async (services) => {
    const post = (path: string, body: unknown): Promise<Response> =>
      postJson(services.url, path, body, researcherOf(services));
    for (const name of builtinPolicyNames)
      await post('/api/policies', { name, kind: 'builtin', builtin: name });
    const tasks = listTasks().map((t) => t.name);
    assert.deepEqual([...tasks].sort(), Object.keys(sweeps).sort());
    for (const task of tasks)
      assert.equal((await post('/api/tasks', { name: task, simTask: task })).status, 201);

    const bad = await post('/api/campaigns', {
      name: 'bad',
      policies: [...builtinPolicyNames],
      tasks: [{ task: 'reach', perturbations: { objectMassScale: [-1] } }],
      budget: 1,
    });
    assert.equal(bad.status, 400);
    const problem = ((await bad.json()) as { problems: { field: string }[] }).problems[0];
    assert.equal(problem?.field, 'tasks[0].perturbations.objectMassScale');

    const created = await post('/api/campaigns', {
      name: 'sweep',
      policies: [...builtinPolicyNames],
      tasks: tasks.map((task) => ({ task, perturbations: sweeps[task] })),
      budget,
      maxInFlight: 6,
      seed: 11,
      start: true,
    });
    assert.equal(created.status, 201);
    await waitFor(
      async () => {
        const res = await getWith(services.url, `/api/campaigns/sweep`, researcherOf(services));
        const body = (await res.json()) as { campaign: { status: string } };
        return body.campaign.status === 'completed' ? true : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 250, what: 'the campaign to complete' },
    );

    const { db } = services.database;
    const rows = await db
      .selectFrom('comparisons')
      .innerJoin('tasks', 'tasks.id', 'comparisons.task_id')
      .select(['comparisons.id', 'comparisons.perturbation', 'tasks.name as task'])
      .where('comparisons.status', '=', 'completed')
      .execute();
    assert.equal(rows.length, budget);
    assert.deepEqual(
      [...new Set(rows.map((r) => r.task))].sort(),
      [...tasks].sort(),
      'every task ran',
    );
    for (const row of rows) {
      const ran = JSON.parse(row.perturbation ?? 'null') as Record<string, unknown>;
      for (const [field, values] of Object.entries(sweeps[row.task] ?? {})) {
        assert.ok(
          values.includes(ran[field]),
          `${row.id}: ${field}=${String(ran[field])} is not a point of the sweep`,
        );
      }
      assert.equal(
        typeof ran.actuatorGainScale,
        'number',
        'the resolved perturbation has every field',
      );
    }

    const replay = await getWith(
      services.url,
      `/api/episodes/${rows[0]!.id}-A/trajectory`,
      researcherOf(services),
    );
    assert.equal(replay.status, 200);
    const text = await replay.text();
    for (const name of builtinPolicyNames)
      assert.ok(!text.includes(name), `the replay names ${name}`);
    const trajectory = JSON.parse(text) as {
      frameCount: number;
      geoms: unknown[];
      bodyPositions: number[];
      bodyNames: string[];
    };
    assert.ok(trajectory.frameCount > 1 && trajectory.geoms.length > 0);
    assert.equal(
      trajectory.bodyPositions.length,
      trajectory.frameCount * trajectory.bodyNames.length * 3,
    );
    assert.equal(
      (await getWith(services.url, `/api/episodes/nonesuch-A/trajectory`, researcherOf(services)))
        .status,
      404,
    );
  });
});

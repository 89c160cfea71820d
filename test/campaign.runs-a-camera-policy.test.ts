// A pi0-shaped policy (DROID layout: three camera images plus joint and gripper positions, float32
// (10, 8) chunks run open-loop N of 10) ranked in a simulated campaign: real Redis, a real sim
// worker process rendering the images, real sockets, on both databases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { droidKeys } from '../openpi/index.ts';
import { getTask } from '../sim/index.ts';
import { backends } from './helpers/databases.ts';
import { waitFor } from './helpers/fixtures.ts';
import {
  pi0GripperColumn,
  startPi0PolicyServer,
  type Pi0Request,
} from './helpers/pi0-policy-server.ts';
import { postJson, withServices } from './helpers/services.ts';

const budget = 2;
const task = 'reach';

function distinctColours(data: Uint8Array): number {
  const seen = new Set<number>();
  for (let at = 0; at < data.length; at += 3) {
    seen.add((data[at]! << 16) | (data[at + 1]! << 8) | data[at + 2]!);
  }
  return seen.size;
}

const bytes = (request: Pi0Request, key: keyof Pi0Request['images']): Buffer =>
  Buffer.from(request.images[key].data as Uint8Array);

for (const backend of backends) {
  test(`a DROID-layout policy sees three camera images in a sim campaign (${backend})`, async () => {
    const server = await startPi0PolicyServer();
    try {
      await withServices(backend, { simWorkers: 1, refitDebounceMs: 100 }, async (services) => {
        const post = (path: string, body: unknown): Promise<Response> =>
          postJson(services.url, path, body);
        // Our arm's joints from pi0's first columns, our gripper command from its last.
        const joints = getTask(task).actionBounds.lowerRad.length;
        const actionColumns = [...Array.from({ length: joints }, (_, j) => j), pi0GripperColumn];
        for (const [name, executeSteps] of [
          ['pi0-8-of-10', 8],
          ['pi0-10-of-10', 10],
        ] as const) {
          const res = await post('/api/policies', {
            name,
            kind: 'openpi',
            endpoint: server.url,
            observation: 'droid',
            actionMode: 'joint',
            actionColumns,
            executeSteps,
          });
          assert.equal(res.status, 201, await res.text());
        }
        const listed = (await (await fetch(`${services.url}/api/policies`)).json()) as {
          policies: { name: string; observation: unknown }[];
        };
        assert.deepEqual(
          listed.policies.map((p) => p.observation),
          ['droid', 'droid'],
        );
        assert.equal((await post('/api/tasks', { name: task, simTask: task })).status, 201);
        const created = await post('/api/campaigns', {
          name: 'cameras',
          policies: ['pi0-8-of-10', 'pi0-10-of-10'],
          tasks: [task],
          budget,
          maxInFlight: 2,
          seed: 4,
          start: true,
        });
        assert.equal(created.status, 201, await created.text());
        await waitFor(
          async () => {
            const res = await fetch(`${services.url}/api/campaigns/cameras`);
            const body = (await res.json()) as { campaign: { status: string } };
            return body.campaign.status === 'completed' ? true : undefined;
          },
          { timeoutMs: 180_000, intervalMs: 250, what: 'the camera campaign to complete' },
        );
        const { db } = services.database;
        const comparisons = await db
          .selectFrom('comparisons')
          .select(['status', 'error'])
          .execute();
        assert.deepEqual(
          comparisons.map((c) => [c.status, c.error]),
          Array.from({ length: budget }, () => ['completed', null]),
        );
        const episodes = await db.selectFrom('episodes').select(['error', 'steps']).execute();
        assert.equal(episodes.length, 2 * budget);
        assert.deepEqual(
          episodes.map((e) => e.error),
          episodes.map(() => null),
          'no episode ended in a policy error',
        );
      });

      assert.deepEqual(server.problems, [], 'every observation was in the DROID layout');
      // One connection per episode, each asked at its first step and then once per chunk.
      const firsts = server.requests.filter((request) => request.index === 0);
      assert.equal(firsts.length, 2 * budget);
      assert.ok(server.requests.length > firsts.length);
      for (const request of server.requests) {
        assert.equal(request.prompt, getTask(task).instruction);
        assert.equal(request.jointPosition.length, getTask(task).actionBounds.lowerRad.length);
        const exterior = bytes(request, droidKeys.exteriorImage1);
        const wrist = bytes(request, droidKeys.wristImage);
        assert.ok(distinctColours(exterior) > 50, 'the exterior image is a scene, not a blank');
        assert.ok(distinctColours(wrist) >= 3, 'the wrist image shows fingers, palm and table');
        assert.notDeepEqual(exterior, bytes(request, droidKeys.exteriorImage2));
        assert.notDeepEqual(exterior, wrist);
      }
      // A and B of a comparison start from the same state: their first images match exactly.
      // Comparisons differ in seed, so the initial arm pose tells the pairs apart.
      const pairs = new Map<string, Pi0Request[]>();
      for (const request of firsts) {
        const key = request.jointPosition.join();
        pairs.set(key, [...(pairs.get(key) ?? []), request]);
      }
      assert.equal(pairs.size, budget);
      for (const [a, b] of pairs.values()) {
        assert.ok(a !== undefined && b !== undefined);
        for (const key of Object.keys(a.images) as (keyof Pi0Request['images'])[]) {
          assert.deepEqual(bytes(a, key), bytes(b, key), key);
        }
      }
    } finally {
      await server.close();
    }
  });
}

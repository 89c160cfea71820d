import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeTrajectory,
  encodeTrajectory,
  runEpisode,
  TrajectoryFormatError,
} from '../sim/index.ts';

test('a recorded trajectory survives encode and decode exactly', async () => {
  const outcome = await runEpisode(
    { task: 'stack', seed: 5, policy: 'expert', perturbation: { distractorCount: 1 } },
    { record: true },
  );
  const trajectory = outcome.trajectory;
  assert.ok(trajectory);
  assert.ok(trajectory.frameHz >= 20);
  assert.equal(trajectory.frameCount, outcome.steps + 1);
  assert.equal(
    trajectory.bodyPositions.length,
    trajectory.frameCount * trajectory.bodyNames.length * 3,
  );
  assert.ok(
    trajectory.bodyNames.includes('top_cube') && trajectory.bodyNames.includes('distractor_0'),
  );
  const boxes = trajectory.geoms.filter((geom) => geom.type === 'box');
  assert.ok(boxes.length >= 4);
  const bytes = encodeTrajectory(trajectory);
  const decoded = decodeTrajectory(bytes);
  assert.deepEqual(decoded, trajectory);
  // A 6 s episode of a dozen bodies stays small enough to store with every comparison.
  assert.ok(bytes.length < 120_000, `${bytes.length} bytes`);
});

test('bytes that are not a trajectory are rejected with TrajectoryFormatError', () => {
  assert.throws(() => decodeTrajectory(new Uint8Array([1, 2, 3])), TrajectoryFormatError);
});

test('an episode without record: true carries no trajectory', async () => {
  const outcome = await runEpisode({ task: 'reach', seed: 1, policy: 'expert' });
  assert.equal(outcome.trajectory, undefined);
});

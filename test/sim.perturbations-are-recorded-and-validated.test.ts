import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createBuiltinPolicy,
  defaultPerturbation,
  getTask,
  InvalidPerturbationError,
  perturbationGrid,
  perturbationGridPoint,
  perturbationGridSize,
  checkPerturbationAxes,
  resolvePerturbation,
  runEpisode,
  runEpisodeWithPolicy,
  type Observation,
  type Policy,
} from '../sim/index.ts';

function firstObservation(): Policy & { seen: Observation[] } {
  const inner = createBuiltinPolicy('expert');
  const seen: Observation[] = [];
  return {
    seen,
    actionMode: inner.actionMode,
    reset: (seed, context) => inner.reset(seed, context),
    act(observation) {
      seen.push(structuredClone(observation));
      return inner.act(observation);
    },
  };
}

test('the outcome records the exact perturbation, with defaults filled in', async () => {
  const outcome = await runEpisode({
    task: 'push-cube',
    seed: 4,
    policy: 'expert',
    perturbation: { objectMassScale: 2, lightIntensity: 0.3 },
  });
  assert.deepEqual(outcome.perturbation, {
    ...defaultPerturbation,
    objectMassScale: 2,
    lightIntensity: 0.3,
  });
  // Plain JSON: it can be stored and compared after a round trip.
  assert.deepEqual(JSON.parse(JSON.stringify(outcome.perturbation)), outcome.perturbation);
});

test('an invalid perturbation throws an error that names the field', async () => {
  const cases: [unknown, RegExp][] = [
    [{ objectMassScale: -1 }, /"objectMassScale" must be a number from 0.2 to 5 \(got -1\)/],
    [{ distractorCount: 1.5 }, /"distractorCount" must be an integer/],
    [{ tableRgb: [1, 2, 3] }, /"tableRgb" must be \[red, green, blue\]/],
    [{ gravity: 3 }, /"gravity" is not a perturbation; known fields: objectSpreadScale/],
    [{ actuatorLatencySteps: Number.NaN }, /"actuatorLatencySteps"/],
  ];
  for (const [perturbation, message] of cases) {
    assert.throws(
      () => resolvePerturbation(perturbation),
      (error) => error instanceof InvalidPerturbationError && message.test(error.message),
    );
  }
  await assert.rejects(
    runEpisode({ task: 'reach', seed: 1, policy: 'expert', perturbation: { objectFriction: 9 } }),
    (error) => error instanceof InvalidPerturbationError && error.field === 'objectFriction',
  );
});

test('perturbationGrid expands every combination of the axes', () => {
  const grid = perturbationGrid(
    { distractorCount: [0, 2], objectMassScale: [0.5, 1, 2] },
    { lightIntensity: 0.5 },
  );
  assert.equal(grid.length, 6);
  assert.deepEqual(grid[0], { lightIntensity: 0.5, distractorCount: 0, objectMassScale: 0.5 });
  assert.deepEqual(grid[5], { lightIntensity: 0.5, distractorCount: 2, objectMassScale: 2 });
  assert.throws(() => perturbationGrid({ objectFriction: [] }), /"objectFriction" has no values/);
  assert.throws(() => perturbationGrid({ objectFriction: [0.5, 7] }), InvalidPerturbationError);
});

test('a grid point and the grid size come from the axes without building the grid', () => {
  const axes = { distractorCount: [0, 1, 3], objectMassScale: [0.5, 1], lightIntensity: [0.2, 1] };
  const grid = perturbationGrid(axes);
  assert.equal(perturbationGridSize(axes), grid.length);
  grid.forEach((point, index) => assert.deepEqual(perturbationGridPoint(axes, index), point));
  // A sweep of 100^4 points is sized by multiplication alone.
  const values = Array.from({ length: 100 }, (_, i) => 0.5 + i / 100);
  const huge = {
    objectMassScale: values,
    objectFriction: values,
    lightIntensity: values,
    actuatorGainScale: values,
  };
  assert.equal(perturbationGridSize(huge), 100 ** 4);
  assert.throws(
    () => checkPerturbationAxes({ objectFriction: [0.5, 7] }),
    InvalidPerturbationError,
  );
});

test('the same task, seed and perturbation give the same initial state; distractors move nothing else', async () => {
  const plain = firstObservation();
  const crowded = firstObservation();
  const crowdedAgain = firstObservation();
  await runEpisodeWithPolicy('stack', 9, plain);
  await runEpisodeWithPolicy('stack', 9, crowded, { perturbation: { distractorCount: 3 } });
  await runEpisodeWithPolicy('stack', 9, crowdedAgain, { perturbation: { distractorCount: 3 } });
  const [before, after, again] = [plain.seen[0], crowded.seen[0], crowdedAgain.seen[0]];
  assert.ok(before && after && again);
  assert.deepEqual(again, after);
  assert.deepEqual(Object.keys(after.objectPositions), [
    'top_cube',
    'base_cube',
    'distractor_0',
    'distractor_1',
    'distractor_2',
  ]);
  assert.deepEqual(after.objectPositions.top_cube, before.objectPositions.top_cube);
  assert.deepEqual(after.jointPositionsRad, before.jointPositionsRad);
});

test('pose ranges scale and shift where objects spawn', () => {
  const task = getTask('pick-place');
  for (let seed = 0; seed < 50; seed += 1) {
    const centred = task.sampleInitialState(
      seed,
      resolvePerturbation({ objectSpreadScale: 0, objectOffsetYM: 0.05 }),
    );
    const cube = centred.objects.cube?.position ?? [0, 0, 0];
    assert.ok(Math.abs(cube[0] - 0.36) < 1e-12 && Math.abs(cube[1] - 0.05) < 1e-12, `seed ${seed}`);
  }
});

test('colours and lighting reach the compiled scene and the replay', async () => {
  const outcome = await runEpisode(
    {
      task: 'push-cube',
      seed: 1,
      policy: 'random',
      perturbation: { tableRgb: [0.1, 0.2, 0.3], objectHueShiftDeg: 120, lightElevationDeg: 30 },
    },
    { record: true },
  );
  const trajectory = outcome.trajectory;
  assert.ok(trajectory);
  const table = trajectory.geoms.find((geom) => geom.name === 'table');
  assert.deepEqual(
    table?.rgba.map((channel) => Math.round(channel * 100) / 100),
    [0.1, 0.2, 0.3, 1],
  );
  const cube = trajectory.geoms.find((geom) => geom.bodyName === 'cube');
  // A red cube turned by 120° of hue is mostly green.
  assert.ok(cube && cube.rgba[1] > cube.rgba[0], JSON.stringify(cube));
  assert.equal(trajectory.visuals.lightElevationDeg, 30);
});

test('actuator latency and gain change the rollout but not the initial state', async () => {
  const nominal = await runEpisode({ task: 'reach', seed: 2, policy: 'expert' });
  const slow = await runEpisode({
    task: 'reach',
    seed: 2,
    policy: 'expert',
    perturbation: { actuatorLatencySteps: 4, actuatorGainScale: 0.5 },
  });
  assert.ok(nominal.success);
  assert.ok(slow.steps > nominal.steps || !slow.success);
});

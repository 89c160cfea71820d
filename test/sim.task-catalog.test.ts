import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTask, listTasks, loadMjcf, MjcfLoadError, UnknownTaskError } from '../sim/index.ts';

test('the catalog lists push-cube with its language instruction', () => {
  assert.deepEqual(listTasks(), [
    { name: 'push-cube', instruction: 'push the red cube onto the green target' },
  ]);
});

test('an unknown task name throws UnknownTaskError naming the known tasks', () => {
  assert.throws(
    () => getTask('stack-cups'),
    (error) => {
      assert.ok(error instanceof UnknownTaskError);
      assert.deepEqual(error.knownTasks, ['push-cube']);
      assert.match(error.message, /stack-cups.*push-cube/);
      return true;
    },
  );
});

test('push-cube declares its rates: 500 Hz physics, 25 Hz control, a 10 s limit', () => {
  const task = getTask('push-cube');
  assert.equal(task.physicsTimestepS, 0.002);
  assert.equal(task.controlHz, 25);
  assert.equal(task.timeLimitSteps, 250);
});

test('initial states depend on the seed alone and stay in the sampled region', () => {
  const task = getTask('push-cube');
  assert.deepEqual(task.sampleInitialState(42), task.sampleInitialState(42));
  for (let seed = 0; seed < 200; seed += 1) {
    const { cubePosition, targetPosition } = task.sampleInitialState(seed);
    const gapM = Math.hypot(
      targetPosition[0] - cubePosition[0],
      targetPosition[1] - cubePosition[1],
    );
    assert.ok(cubePosition[0] >= 0.3 && cubePosition[0] <= 0.38, `seed ${seed}`);
    assert.ok(Math.abs(cubePosition[1]) <= 0.1, `seed ${seed}`);
    assert.ok(gapM >= 0.1 && gapM <= 0.15, `seed ${seed}`);
  }
});

test('the MuJoCo loader compiles MJCF strings and rejects broken ones with MjcfLoadError', async () => {
  const loaded = await loadMjcf(
    '<mujoco><worldbody><body><freejoint/><geom size="0.1"/></body></worldbody></mujoco>',
    'falling-ball',
  );
  assert.equal(loaded.model.nq, 7);
  loaded.mujoco.mj_step(loaded.model, loaded.data);
  assert.ok(loaded.data.time > 0);
  loaded.dispose();
  loaded.dispose();
  await assert.rejects(
    loadMjcf('<mujoco><worldbody><nonsense/></worldbody></mujoco>'),
    MjcfLoadError,
  );
});

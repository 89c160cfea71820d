import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defaultPerturbation,
  getTask,
  listTasks,
  loadMjcf,
  MjcfLoadError,
  UnknownTaskError,
} from '../sim/index.ts';

const taskNames = ['push-cube', 'reach', 'pick-place', 'stack', 'open-drawer'];

test('the catalog lists the five tasks, each with a language instruction', () => {
  const tasks = listTasks();
  assert.deepEqual(
    tasks.map((task) => task.name),
    taskNames,
  );
  for (const task of tasks) assert.ok(task.instruction.length > 8, task.name);
  assert.equal(tasks[0]?.instruction, 'push the red cube onto the green target');
});

test('an unknown task name throws UnknownTaskError naming the known tasks', () => {
  assert.throws(
    () => getTask('stack-cups'),
    (error) => {
      assert.ok(error instanceof UnknownTaskError);
      assert.deepEqual(error.knownTasks, taskNames);
      assert.match(error.message, /stack-cups.*push-cube/);
      return true;
    },
  );
});

test('every task declares 500 Hz physics, 25 Hz control and a time limit of a few seconds', () => {
  for (const name of taskNames) {
    const task = getTask(name);
    assert.equal(task.physicsTimestepS, 0.002, name);
    assert.equal(task.controlHz, 25, name);
    assert.ok(task.timeLimitSteps >= 50 && task.timeLimitSteps <= 200, name);
  }
});

test('initial states depend on the seed alone and differ between seeds', () => {
  for (const name of taskNames) {
    const task = getTask(name);
    assert.deepEqual(
      task.sampleInitialState(42, defaultPerturbation),
      task.sampleInitialState(42, defaultPerturbation),
      name,
    );
    assert.notDeepEqual(
      task.sampleInitialState(1, defaultPerturbation),
      task.sampleInitialState(2, defaultPerturbation),
      name,
    );
  }
});

test('push-cube puts its cube in front of the arm and the target 9 to 13 cm away', () => {
  const task = getTask('push-cube');
  for (let seed = 0; seed < 200; seed += 1) {
    const state = task.sampleInitialState(seed, defaultPerturbation);
    const cube = state.objects.cube?.position ?? [0, 0, 0];
    const gapM = Math.hypot(state.targetPosition[0] - cube[0], state.targetPosition[1] - cube[1]);
    assert.ok(cube[0] >= 0.3 && cube[0] <= 0.38, `seed ${seed}`);
    assert.ok(Math.abs(cube[1]) <= 0.1, `seed ${seed}`);
    assert.ok(gapM >= 0.09 && gapM <= 0.13, `seed ${seed}`);
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

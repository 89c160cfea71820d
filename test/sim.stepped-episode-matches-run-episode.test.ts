import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createBuiltinPolicy,
  getTask,
  InvalidActionError,
  listTasks,
  runEpisode,
  startSteppedEpisode,
  type PolicyOutput,
} from '../sim/index.ts';

function rowsOf(output: PolicyOutput): number[][] {
  const entries = Array.from(output as ArrayLike<unknown>);
  const isChunk = entries.length > 0 && entries.every((entry) => typeof entry !== 'number');
  return (isChunk ? entries : [entries]).map((row) => Array.from(row as ArrayLike<number>));
}

for (const { name: task } of listTasks()) {
  test(`${task}: an episode stepped from outside ends bit-identical to runEpisode`, async () => {
    const seed = 11;
    const outcome = await runEpisode({ task, seed, policy: 'expert' });
    const definition = getTask(task);
    const policy = createBuiltinPolicy('expert');
    const episode = await startSteppedEpisode(task, seed);
    try {
      await policy.reset(seed, {
        task,
        instruction: definition.instruction,
        controlHz: definition.controlHz,
        actionBounds: definition.actionBounds,
      });
      const pending: number[][] = [];
      while (!episode.isSuccess() && episode.steps < episode.timeLimitSteps) {
        if (pending.length === 0) pending.push(...rowsOf(await policy.act(episode.observation())));
        episode.step(pending.shift() ?? [], policy.actionMode ?? 'joint-position');
      }
      assert.equal(episode.steps, outcome.steps);
      assert.equal(episode.isSuccess(), outcome.success);
      assert.equal(episode.progress(), outcome.progress);
      const observation = episode.observation();
      assert.deepEqual(observation.objectPositions, outcome.finalState?.objectPositions);
      assert.deepEqual(observation.jointPositionsRad, outcome.finalState?.jointPositionsRad);
      assert.deepEqual(observation.articulations, outcome.finalState?.articulations);
    } finally {
      episode.close();
    }
  });
}

test('a malformed action is refused without stepping', async () => {
  const episode = await startSteppedEpisode(listTasks()[0]!.name, 3);
  try {
    assert.throws(() => episode.step([0, 0, 0], 'joint-position'), InvalidActionError);
    assert.throws(
      () => episode.step([0, 0, 0, 0, 0, Number.NaN, 0, 1], 'joint-position'),
      InvalidActionError,
    );
    assert.equal(episode.steps, 0);
  } finally {
    episode.close();
  }
});

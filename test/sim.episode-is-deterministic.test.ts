import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createBuiltinPolicy,
  runEpisode,
  runEpisodeWithPolicy,
  type Observation,
  type Policy,
} from '../sim/index.ts';

/** Wraps a policy and keeps the observations it was shown. */
function recording(inner: Policy): Policy & { observations: Observation[] } {
  const observations: Observation[] = [];
  return {
    observations,
    reset: (seed) => inner.reset(seed),
    act(observation) {
      observations.push(structuredClone(observation));
      return inner.act(observation);
    },
  };
}

test('the same spec run twice gives an identical outcome, down to the final state', async () => {
  for (const policy of ['expert', 'noisy-expert', 'random']) {
    const spec = { task: 'push-cube', seed: 7, policy };
    const first = await runEpisode(spec);
    // Another episode in between reuses the pooled simulator data; it must leave no trace.
    await runEpisode({ task: 'push-cube', seed: 8, policy: 'random' });
    const second = await runEpisode(spec);
    assert.deepEqual(second, first, `policy ${policy}`);
  }
});

test('two policies given the same seed see a bit-identical first observation', async () => {
  const expert = recording(createBuiltinPolicy('expert'));
  const random = recording(createBuiltinPolicy('random'));
  await runEpisodeWithPolicy('push-cube', 11, expert);
  await runEpisodeWithPolicy('push-cube', 11, random);
  assert.ok(expert.observations[0] && random.observations[0]);
  assert.deepEqual(random.observations[0], expert.observations[0]);
  assert.equal(expert.observations[0].step, 0);
  assert.equal(expert.observations[0].instruction, 'push the red cube onto the green target');
});

test('different seeds start from different states', async () => {
  const first = recording(createBuiltinPolicy('expert'));
  const second = recording(createBuiltinPolicy('expert'));
  await runEpisodeWithPolicy('push-cube', 1, first);
  await runEpisodeWithPolicy('push-cube', 2, second);
  assert.notDeepEqual(
    first.observations[0]?.objectPositions,
    second.observations[0]?.objectPositions,
  );
  assert.notDeepEqual(
    first.observations[0]?.targetPosition,
    second.observations[0]?.targetPosition,
  );
});

test('episodes interleaved on one event loop match the same episodes run one by one', async () => {
  const specs = [3, 4, 5].map((seed) => ({ task: 'push-cube', seed, policy: 'lagged-expert' }));
  const sequential = [];
  for (const spec of specs) sequential.push(await runEpisode(spec, { yieldEverySteps: 1 }));
  const concurrent = await Promise.all(
    specs.map((spec) => runEpisode(spec, { yieldEverySteps: 1 })),
  );
  assert.deepEqual(concurrent, sequential);
});

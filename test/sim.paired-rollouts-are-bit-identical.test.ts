import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createBuiltinPolicy,
  runEpisodeWithPolicy,
  type Observation,
  type Perturbation,
  type Policy,
} from '../sim/index.ts';

const perturbation: Perturbation = {
  distractorCount: 2,
  objectMassScale: 1.5,
  objectFriction: 0.6,
};

/** Wraps a policy and keeps what it was shown and what it answered. */
function recording(inner: Policy): Policy & { observations: Observation[]; actions: number[][] } {
  const observations: Observation[] = [];
  const actions: number[][] = [];
  return {
    observations,
    actions,
    actionMode: inner.actionMode,
    reset: (seed, context) => inner.reset(seed, context),
    act(observation) {
      observations.push(structuredClone(observation));
      const action = Array.from(inner.act(observation) as number[]);
      actions.push(action);
      return action;
    },
  };
}

/** Plays back a fixed list of actions, as a remote policy answering the same would. */
function replaying(actions: readonly number[][], mode: Policy['actionMode']): Policy {
  return {
    actionMode: mode,
    reset() {},
    act: (observation) => actions[observation.step] ?? [0, 0, 0, 0, 0, 0, 0, 0],
  };
}

for (const task of ['pick-place', 'open-drawer']) {
  test(`${task}: both policies of a pair start from the bit-identical state`, async () => {
    const expert = recording(createBuiltinPolicy('expert'));
    const random = recording(createBuiltinPolicy('random'));
    await runEpisodeWithPolicy(task, 11, expert, { perturbation });
    await runEpisodeWithPolicy(task, 11, random, { perturbation });
    assert.ok(expert.observations[0] && random.observations[0]);
    assert.deepEqual(random.observations[0], expert.observations[0]);
  });

  test(`${task}: the same seed and the same actions give a bit-identical trajectory`, async () => {
    const original = recording(createBuiltinPolicy('noisy-expert'));
    const first = await runEpisodeWithPolicy(task, 3, original, { perturbation, record: true });
    const replay = await runEpisodeWithPolicy(task, 3, replaying(original.actions, 'ee-delta'), {
      perturbation,
      record: true,
    });
    assert.ok(first.trajectory && replay.trajectory);
    assert.equal(replay.steps, first.steps);
    assert.ok(
      Buffer.from(replay.trajectory.bodyPositions.buffer).equals(
        Buffer.from(first.trajectory.bodyPositions.buffer),
      ),
    );
    assert.ok(
      Buffer.from(replay.trajectory.bodyQuaternions.buffer).equals(
        Buffer.from(first.trajectory.bodyQuaternions.buffer),
      ),
    );
    // The float64 final state is compared exactly, not just its float32 replay copy.
    assert.deepEqual(replay.finalState, first.finalState);
    assert.equal(replay.peakContactForceN, first.peakContactForceN);
  });
}

test('episodes report their metrics: time to success, path length, peak contact force', async () => {
  const outcome = await runEpisodeWithPolicy('pick-place', 2, createBuiltinPolicy('expert'));
  assert.equal(outcome.termination, 'success');
  assert.equal(outcome.timeToSuccessMs, outcome.durationMs);
  assert.ok(outcome.endEffectorPathLengthM > 0.1 && outcome.endEffectorPathLengthM < 3);
  // Gripping a 100 g cube takes newtons, not kilonewtons.
  assert.ok(outcome.peakContactForceN > 0.5 && outcome.peakContactForceN < 200);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidSeedError,
  runEpisode,
  runEpisodeWithPolicy,
  UnknownPolicyError,
  UnknownTaskError,
  type Action,
  type Policy,
} from '../sim/index.ts';

function policyActing(act: (step: number) => unknown): Policy {
  return { reset() {}, act: (observation) => act(observation.step) as Action };
}

const badPolicies: { label: string; policy: Policy; error: RegExp }[] = [
  { label: 'NaN target', policy: policyActing(() => [0, Number.NaN, 0]), error: /non-finite/ },
  { label: 'infinite target', policy: policyActing(() => [0, 0, Infinity]), error: /non-finite/ },
  {
    label: 'wrong length',
    policy: policyActing(() => [0, 0]),
    error: /2 joint targets.*3 actuators/,
  },
  { label: 'not an array', policy: policyActing(() => 'left'), error: /returned string/ },
  { label: 'undefined', policy: policyActing(() => undefined), error: /returned undefined/ },
  {
    label: 'throws in act',
    policy: policyActing((step) => {
      if (step === 3) throw new RangeError('gripper exploded');
      return [0, -2, 1];
    }),
    error: /policy threw: RangeError: gripper exploded/,
  },
  {
    label: 'throws in reset',
    policy: {
      reset() {
        throw new Error('no weights');
      },
      act: () => [0, 0, 0],
    },
    error: /policy reset threw: Error: no weights/,
  },
];

for (const { label, policy, error } of badPolicies) {
  test(`a policy whose output is bad (${label}) fails the episode instead of throwing`, async () => {
    const outcome = await runEpisodeWithPolicy('push-cube', 5, policy);
    assert.equal(outcome.success, false);
    assert.equal(outcome.progress, 0);
    assert.match(outcome.error ?? '', error);
  });
}

test('the episode stops at the step the policy misbehaves', async () => {
  const outcome = await runEpisodeWithPolicy(
    'push-cube',
    5,
    policyActing((step) => (step < 4 ? [0, -2, 1] : [Number.NaN, 0, 0])),
  );
  assert.equal(outcome.steps, 4);
  assert.equal(outcome.durationMs, 160);
});

test('finite targets outside the joint limits are clamped, not an error', async () => {
  const outcome = await runEpisodeWithPolicy(
    'push-cube',
    5,
    policyActing(() => [99, -99, 99]),
  );
  assert.equal(outcome.error, null);
  assert.equal(outcome.steps, 250);
});

test('unknown names and bad seeds are the caller’s mistake and do throw', async () => {
  await assert.rejects(runEpisode({ task: 'fold-laundry', seed: 1, policy: 'expert' }), (error) => {
    assert.ok(error instanceof UnknownTaskError);
    assert.match(error.message, /push-cube/);
    return true;
  });
  await assert.rejects(runEpisode({ task: 'push-cube', seed: 1, policy: 'oracle' }), (error) => {
    assert.ok(error instanceof UnknownPolicyError);
    assert.match(error.message, /expert, noisy-expert, lagged-expert, random/);
    return true;
  });
  for (const seed of [-1, 1.5, 2 ** 32, Number.NaN]) {
    await assert.rejects(
      runEpisode({ task: 'push-cube', seed, policy: 'expert' }),
      InvalidSeedError,
    );
  }
});

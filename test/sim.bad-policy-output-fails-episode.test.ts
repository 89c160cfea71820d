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

const home = [0, 0.17, 0, -2.15, 0, 2.32, Math.PI / 4, 0];

const badPolicies: { label: string; policy: Policy; error: RegExp }[] = [
  {
    label: 'NaN target',
    policy: policyActing(() => [0, Number.NaN, 0, 0, 0, 0, 0, 0]),
    error: /non-finite value \(NaN\) at index 1/,
  },
  {
    label: 'infinite gripper command',
    policy: policyActing(() => [...home.slice(0, 7), Infinity]),
    error: /non-finite/,
  },
  {
    label: 'wrong length',
    policy: policyActing(() => [0, 0, 0]),
    error:
      /3 values; an action in joint-position mode has 8 \(7 joint positions and a gripper command\)/,
  },
  {
    label: 'joint-velocity row of an ee-delta width',
    policy: { ...policyActing(() => [0, 0, 0, 0, 0, 0, 0]), actionMode: 'joint-velocity' },
    error:
      /7 values; an action in joint-velocity mode has 8 \(7 joint velocities and a gripper command\)/,
  },
  {
    label: 'ee-delta row of six',
    policy: { ...policyActing(() => [0, 0, 0, 0, 0, 0]), actionMode: 'ee-delta' },
    error:
      /6 values; an action in ee-delta mode has 7 \(dx, dy, dz, rx, ry, rz and a gripper command\)/,
  },
  {
    label: 'ragged chunk',
    policy: policyActing(() => [home, [0, 0]]),
    error: /2 values in chunk row 1/,
  },
  { label: 'empty chunk', policy: policyActing(() => []), error: /empty action/ },
  { label: 'not an array', policy: policyActing(() => 'left'), error: /returned string/ },
  {
    label: 'rejects asynchronously',
    policy: { reset() {}, act: () => Promise.reject(new TypeError('connection reset')) },
    error: /policy act threw: TypeError: connection reset/,
  },
  { label: 'undefined', policy: policyActing(() => undefined), error: /returned undefined/ },
  {
    label: 'throws in act',
    policy: policyActing((step) => {
      if (step === 3) throw new RangeError('gripper exploded');
      return home;
    }),
    error: /policy act threw: RangeError: gripper exploded/,
  },
  {
    label: 'throws in reset',
    policy: {
      reset() {
        throw new Error('no weights');
      },
      act: () => home,
    },
    error: /policy reset threw: Error: no weights/,
  },
];

for (const { label, policy, error } of badPolicies) {
  test(`a policy whose output is bad (${label}) fails the episode instead of throwing`, async () => {
    const outcome = await runEpisodeWithPolicy('push-cube', 5, policy);
    assert.equal(outcome.success, false);
    assert.equal(outcome.progress, 0);
    assert.equal(outcome.termination, 'policy-error');
    assert.match(outcome.error ?? '', error);
  });
}

test('the episode stops at the step the policy misbehaves', async () => {
  const outcome = await runEpisodeWithPolicy(
    'push-cube',
    5,
    policyActing((step) => (step < 4 ? home : [Number.NaN, 0, 0, 0, 0, 0, 0, 0])),
  );
  assert.equal(outcome.steps, 4);
  assert.equal(outcome.durationMs, 160);
});

test('finite targets outside the joint limits are clamped, not an error', async () => {
  const outcome = await runEpisodeWithPolicy(
    'push-cube',
    5,
    policyActing(() => [99, -99, 99, -99, 99, -99, 99, 99]),
  );
  assert.equal(outcome.error, null);
  assert.equal(outcome.termination, 'time-limit');
  assert.equal(outcome.steps, 125);
});

test('a policy that never answers times out and fails the episode', async () => {
  const outcome = await runEpisodeWithPolicy(
    'reach',
    5,
    { reset() {}, act: () => new Promise<Action>(() => {}) },
    { policyTimeoutMs: 50 },
  );
  assert.equal(outcome.termination, 'policy-error');
  assert.match(outcome.error ?? '', /policy act timed out after 50 ms/);
});

test('an action chunk is executed row by row, asking again after executeSteps rows', async () => {
  const askedAt: number[] = [];
  const chunkPolicy: Policy = {
    executeSteps: 3,
    reset() {},
    act(observation) {
      askedAt.push(observation.step);
      return Array.from({ length: 5 }, () => home);
    },
  };
  const outcome = await runEpisodeWithPolicy('reach', 5, chunkPolicy);
  assert.equal(outcome.error, null);
  assert.deepEqual(askedAt.slice(0, 4), [0, 3, 6, 9]);
});

test('unknown names and bad seeds are the caller’s mistake and do throw', async () => {
  await assert.rejects(runEpisode({ task: 'fold-laundry', seed: 1, policy: 'expert' }), (error) => {
    assert.ok(error instanceof UnknownTaskError);
    assert.match(error.message, /push-cube, reach, pick-place, stack, open-drawer/);
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

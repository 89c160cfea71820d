import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinPolicyNames, runEpisode } from '../sim/index.ts';

const seeds = Array.from({ length: 20 }, (_, index) => index);

interface PolicyScore {
  successRate: number;
  meanProgress: number;
}

async function score(policy: string): Promise<PolicyScore> {
  let successes = 0;
  let progressSum = 0;
  for (const seed of seeds) {
    const outcome = await runEpisode({ task: 'push-cube', seed, policy });
    assert.equal(outcome.error, null, `${policy} seed ${seed}`);
    if (outcome.success) successes += 1;
    progressSum += outcome.progress;
  }
  return { successRate: successes / seeds.length, meanProgress: progressSum / seeds.length };
}

test('built-in policies rank expert > noisy and lagged expert > random on push-cube', async () => {
  const scores = new Map<string, PolicyScore>();
  for (const policy of builtinPolicyNames) scores.set(policy, await score(policy));
  const report = JSON.stringify(Object.fromEntries(scores));
  const expert = scores.get('expert');
  const noisy = scores.get('noisy-expert');
  const lagged = scores.get('lagged-expert');
  const random = scores.get('random');
  assert.ok(expert && noisy && lagged && random, report);

  assert.ok(expert.successRate >= 0.8, `expert succeeds reliably: ${report}`);
  for (const degraded of [noisy, lagged]) {
    assert.ok(degraded.meanProgress < expert.meanProgress, report);
    assert.ok(degraded.successRate < expert.successRate, report);
    assert.ok(degraded.successRate > 0, `degraded experts still succeed sometimes: ${report}`);
    assert.ok(degraded.meanProgress > random.meanProgress + 0.3, report);
  }
  assert.ok(random.successRate <= 0.05, `random essentially never succeeds: ${report}`);
});

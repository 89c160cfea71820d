import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinPolicyNames, listTasks, runEpisode } from '../sim/index.ts';

const seeds = Array.from({ length: 10 }, (_, index) => 100 + index);

interface PolicyScore {
  successRate: number;
  meanProgress: number;
}

/** Success rate first, mean progress to break ties. */
function isAhead(a: PolicyScore, b: PolicyScore): boolean {
  return (
    a.successRate > b.successRate ||
    (a.successRate === b.successRate && a.meanProgress > b.meanProgress)
  );
}

async function score(task: string, policy: string): Promise<PolicyScore> {
  let successes = 0;
  let progressSum = 0;
  for (const seed of seeds) {
    const outcome = await runEpisode({ task, seed, policy });
    assert.equal(outcome.error, null, `${task} ${policy} seed ${seed}`);
    if (outcome.success) successes += 1;
    progressSum += outcome.progress;
  }
  return { successRate: successes / seeds.length, meanProgress: progressSum / seeds.length };
}

for (const { name: task } of listTasks()) {
  test(`${task}: the expert ranks first, its degraded versions next, random last`, async () => {
    const scores = new Map<string, PolicyScore>();
    for (const policy of builtinPolicyNames) scores.set(policy, await score(task, policy));
    const report = JSON.stringify(Object.fromEntries(scores));
    const expert = scores.get('expert');
    const random = scores.get('random');
    assert.ok(expert && random, report);
    assert.ok(expert.successRate >= 0.9, `the expert succeeds reliably: ${report}`);
    for (const degraded of ['noisy-expert', 'lagged-expert']) {
      const degradedScore = scores.get(degraded);
      assert.ok(degradedScore, report);
      assert.ok(isAhead(expert, degradedScore), `expert ahead of ${degraded}: ${report}`);
      assert.ok(isAhead(degradedScore, random), `${degraded} ahead of random: ${report}`);
    }
    assert.ok(random.successRate <= 0.1, `random essentially never succeeds: ${report}`);
  });
}

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { StationJobData } from '../queue/station-job.ts';
import { sampleEvaluation, withStation } from './helpers/station.ts';

test('a station runs A then B between the evaluator signals and completes with the scores', async () => {
  await withStation({}, async (fixture) => {
    const comparisonId = 'cmp-runs-1';
    await fixture.addComparison({ comparisonId, episodeTimeLimitS: 2 });

    await fixture.waitForPhase(comparisonId, 'reset-A');
    await sleep(600);
    assert.deepEqual(fixture.phases.get(comparisonId), ['reset-A'], 'nothing runs before start-A');
    assert.equal(fixture.link.report('A'), undefined, 'the robot did not move before start-A');
    assert.equal(await fixture.jobState(comparisonId), 'active');

    await fixture.signal(comparisonId, 'start-A');
    await fixture.waitForPhase(comparisonId, 'reset-B');
    const afterA = await fixture.queue.getJob(comparisonId);
    const doneA = (afterA?.data as StationJobData).done?.A;
    assert.ok(doneA, 'episode A is written into the job data as soon as it ends');
    assert.equal(doneA.termination, 'time-limit');
    assert.equal(doneA.error, null);
    // 2 s at 25 Hz, on the simulated clock.
    assert.equal(doneA.steps, 50);
    assert.equal(doneA.durationMs, 2000);
    await sleep(400);
    assert.equal(fixture.link.report('B'), undefined, 'B waits for start-B');

    await fixture.signal(comparisonId, 'start-B');
    await fixture.waitForPhase(comparisonId, 'evaluation');
    await sleep(600);
    assert.equal(
      await fixture.jobState(comparisonId),
      'active',
      'the comparison is not complete before the evaluator scores it',
    );

    const evaluation = sampleEvaluation();
    await fixture.evaluate(comparisonId, evaluation);
    const result = await fixture.waitForResult(comparisonId);

    assert.deepEqual(fixture.phases.get(comparisonId), [
      'reset-A',
      'A',
      'reset-B',
      'B',
      'evaluation',
    ]);
    assert.equal(result.comparisonId, comparisonId);
    assert.equal(result.station, 'test-station');
    assert.deepEqual(result.evaluation, evaluation);
    assert.deepEqual(result.episodes.A, doneA);
    assert.equal(result.episodes.B.side, 'B');
    assert.equal(result.episodes.B.termination, 'time-limit');
    assert.equal(result.episodes.B.steps, 50);

    // Both episodes ran the job's sim task from the same initial state, each with its policy.
    const reportA = fixture.link.report('A');
    const reportB = fixture.link.report('B');
    assert.equal(reportA?.task, 'reach');
    assert.equal(reportA.seed, reportB?.seed);
    assert.equal(reportA.success, true, 'the expert, served over openpi, reaches the ball');
    assert.ok(reportA.progress > (reportB?.progress ?? 1), 'the expert does better than random');
  });
});

test('an episode whose policy cannot be reached ends as an error and the comparison goes on', async () => {
  await withStation({ policies: ['expert'] }, async (fixture) => {
    const comparisonId = 'cmp-unreachable-1';
    await fixture.addComparison({
      comparisonId,
      // Nothing listens on port 9 of loopback.
      policies: { A: 'ws://127.0.0.1:9', B: fixture.policyUrls.expert ?? '' },
    });
    await fixture.waitForPhase(comparisonId, 'reset-A');
    await fixture.signal(comparisonId, 'start-A');
    await fixture.waitForPhase(comparisonId, 'reset-B');
    await fixture.signal(comparisonId, 'start-B');
    await fixture.waitForPhase(comparisonId, 'evaluation');
    await fixture.evaluate(comparisonId, sampleEvaluation({ progressA: 0, preference: 'B' }));
    const result = await fixture.waitForResult(comparisonId);
    assert.equal(result.episodes.A.termination, 'error');
    assert.equal(result.episodes.A.steps, 0);
    assert.match(result.episodes.A.error ?? '', /^policy: cannot connect/);
    assert.equal(result.episodes.B.termination, 'time-limit');
  });
});

test('an evaluation that is not a valid StationEvaluation fails the comparison, naming the field', async () => {
  await withStation({ policies: ['expert', 'random'] }, async (fixture) => {
    const comparisonId = 'cmp-bad-evaluation-1';
    await fixture.addComparison({ comparisonId, episodeTimeLimitS: 0.2 });
    await fixture.waitForPhase(comparisonId, 'reset-A');
    await fixture.signal(comparisonId, 'start-A');
    await fixture.waitForPhase(comparisonId, 'reset-B');
    await fixture.signal(comparisonId, 'start-B');
    await fixture.waitForPhase(comparisonId, 'evaluation');
    await fixture.evaluate(comparisonId, JSON.stringify({ ...sampleEvaluation(), progressA: 140 }));
    assert.match(await fixture.waitForFailure(comparisonId), /progressA/);
  });
});

test('waiting for the evaluator keeps the job lock, however long it takes', async () => {
  // A 1 s lock, renewed every 0.5 s: waits of several seconds must not let it lapse.
  await withStation({ lockDurationMs: 1_000 }, async (fixture) => {
    const comparisonId = 'cmp-long-waits-1';
    await fixture.addComparison({ comparisonId, episodeTimeLimitS: 4 });
    await fixture.waitForPhase(comparisonId, 'reset-A');
    await sleep(3_000);
    await fixture.signal(comparisonId, 'start-A');
    await fixture.waitForPhase(comparisonId, 'reset-B');
    await fixture.signal(comparisonId, 'start-B');
    await fixture.waitForPhase(comparisonId, 'evaluation');
    await sleep(3_000);
    await fixture.evaluate(comparisonId, sampleEvaluation());
    const result = await fixture.waitForResult(comparisonId);
    assert.deepEqual(fixture.stalled, [], 'the lock never lapsed');
    assert.deepEqual(fixture.phases.get(comparisonId), [
      'reset-A',
      'A',
      'reset-B',
      'B',
      'evaluation',
    ]);
    assert.equal(result.episodes.A.steps, 100);
  });
});

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { sampleEvaluation, withStation } from './helpers/station.ts';

test("the evaluator's stop-B ends episode B early, as 'stopped'", async () => {
  // Real time: the robot runs at 25 Hz and the evaluator presses stop while it moves.
  await withStation({ link: { realTime: true } }, async (fixture) => {
    const comparisonId = 'cmp-stop-1';
    const timeLimitS = 30;
    await fixture.addComparison({
      comparisonId,
      episodeTimeLimitS: timeLimitS,
      done: {
        A: {
          side: 'A',
          steps: 750,
          durationMs: 30_000,
          error: null,
          termination: 'time-limit',
          targetHz: 25,
          achievedHz: 25,
          droppedFrames: 0,
          recording: null,
        },
      },
    });
    await fixture.waitForPhase(comparisonId, 'reset-B');
    // A stop pressed before the episode starts is stale: it must not end the episode at once.
    await fixture.signal(comparisonId, 'stop-B');
    await sleep(300);
    await fixture.signal(comparisonId, 'start-B');
    await fixture.waitForPhase(comparisonId, 'B');
    // Phase B begins before the policy is connected and the scene loaded; the episode's clock
    // starts when the robot can move, so it runs somewhat under this second.
    await sleep(1_000);
    const stoppedAt = Date.now();
    await fixture.signal(comparisonId, 'stop-B');
    await fixture.waitForPhase(comparisonId, 'evaluation');
    assert.ok(Date.now() - stoppedAt < 1_000, 'the station reacts to stop within a poll or two');
    assert.equal(fixture.holds(), 1, 'the robot was told to hold when the episode ended');

    await fixture.evaluate(comparisonId, sampleEvaluation());
    const result = await fixture.waitForResult(comparisonId);
    const episodeB = result.episodes.B;
    assert.equal(episodeB.termination, 'stopped');
    assert.equal(episodeB.error, null);
    assert.ok(episodeB.durationMs >= 500, `B ran until the stop (${episodeB.durationMs} ms)`);
    assert.ok(
      episodeB.durationMs < 3_000,
      `B ended well before its time limit (${episodeB.durationMs} ms)`,
    );
    // 25 Hz in real time: about 25 steps a second.
    const expectedSteps = (episodeB.durationMs / 1000) * 25;
    assert.ok(
      Math.abs(episodeB.steps - expectedSteps) <= 3,
      `${episodeB.steps} steps in ${episodeB.durationMs} ms at 25 Hz`,
    );
    assert.equal(fixture.link.report('B')?.steps, episodeB.steps);
  });
});

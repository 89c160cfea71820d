import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { StationEpisodeResult } from '../queue/station-job.ts';
import { sampleEvaluation, withStation } from './helpers/station.ts';

test('a job whose data already holds episode A runs only B', async () => {
  await withStation({}, async (fixture) => {
    const comparisonId = 'cmp-resume-1';
    const doneA: StationEpisodeResult = {
      side: 'A',
      steps: 37,
      durationMs: 1480,
      error: null,
      termination: 'stopped',
      targetHz: 25,
      achievedHz: 24.9,
      droppedFrames: 0,
      recording: null,
    };
    await fixture.addComparison({ comparisonId, done: { A: doneA } });
    await fixture.waitForPhase(comparisonId, 'reset-B');
    // Even a start-A left over from the first attempt runs nothing.
    await fixture.signal(comparisonId, 'start-A');
    await sleep(400);
    assert.equal(fixture.link.report('A'), undefined, 'episode A is not run again');
    await fixture.signal(comparisonId, 'start-B');
    await fixture.waitForPhase(comparisonId, 'evaluation');
    await fixture.evaluate(comparisonId, sampleEvaluation());
    const result = await fixture.waitForResult(comparisonId);

    assert.deepEqual(fixture.phases.get(comparisonId), ['reset-B', 'B', 'evaluation']);
    assert.deepEqual(result.episodes.A, doneA);
    assert.equal(result.episodes.B.termination, 'time-limit');
    assert.equal(fixture.link.report('A'), undefined);
    assert.equal(fixture.link.report('B')?.steps, result.episodes.B.steps);
  });
});

// The evaluator page's control-rate warning and the comparison page's flag share one rule: an
// episode is flagged when it achieved less than 90% of its target rate, and only then.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlRateText, isLowControlRate } from '../web/src/shared/control-rate.ts';
import { controlRateWarning } from '../web/src/evaluate/phase-panel.ts';

const episode = (targetHz: number | null, achievedHz: number | null, droppedFrames: number) => ({
  steps: 10,
  durationMs: 1000,
  error: null,
  termination: 'time-limit' as const,
  targetHz,
  achievedHz,
  droppedFrames,
});

test('an episode is flagged below 90% of its target rate, not at 90% and not without a rate', () => {
  assert.equal(isLowControlRate(episode(15, 13.49, 2)), true);
  assert.equal(isLowControlRate(episode(15, 13.5, 1)), false);
  assert.equal(isLowControlRate(episode(15, 15, 0)), false);
  assert.equal(isLowControlRate(episode(null, null, 0)), false, 'the robot never started');
  assert.equal(isLowControlRate(episode(15, null, 0)), false, 'no step was taken');
  assert.equal(controlRateText(episode(15, 11.2, 57)), '11.2 of 15 Hz (75%), 57 periods dropped');
  assert.equal(controlRateText(episode(15, null, 1)), '— of 15 Hz, 1 period dropped');
});

test('the evaluator is warned of each slow episode, and of none when both kept their rate', () => {
  const current = (a: ReturnType<typeof episode> | null, b: ReturnType<typeof episode> | null) => ({
    ticket: 't',
    task: { name: 'reach', instruction: 'reach' },
    phase: 'evaluation' as const,
    since: new Date(0).toISOString(),
    episodes: { A: a, B: b },
    episodeTimeLimitS: 30,
  });
  assert.equal(controlRateWarning(current(episode(15, 14.8, 0), episode(15, 13.6, 1))), '');
  assert.equal(controlRateWarning(current(null, null)), '');
  const warning = controlRateWarning(current(episode(15, 14.8, 0), episode(15, 9, 40)));
  assert.match(warning, /below 90% of its rate \(B: 9\.0 of 15 Hz \(60%\), 40 periods dropped\)/);
  assert.doesNotMatch(warning, /A:/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameCursorAt } from '../web/src/replay/frame-cursor.ts';
import { parseReplayTrajectory } from '../web/src/replay/parse-replay-trajectory.ts';
import { ReplayPlayer, type FrameClock } from '../web/src/replay/replay-player.ts';

/** A frame clock the test advances by hand, standing in for requestAnimationFrame. */
function manualClock(): FrameClock & { advance(ms: number): void } {
  let now = 0;
  let pending: ((timestampMs: number) => void) | null = null;
  return {
    request: (callback) => {
      pending = callback;
      return 1;
    },
    cancel: () => {
      pending = null;
    },
    advance(ms) {
      now += ms;
      const callback = pending;
      pending = null;
      callback?.(now);
    },
  };
}

test('the player advances at its speed, stops at the end, or loops', () => {
  const clock = manualClock();
  const player = new ReplayPlayer({ loop: false }, clock);
  const times: number[] = [];
  player.subscribe((state) => times.push(state.timeS));
  player.load(2);
  player.setSpeed(2);
  player.play();
  clock.advance(0); // the first frame only starts the clock
  clock.advance(50);
  assert.ok(Math.abs(player.state.timeS - 0.1) < 1e-9);
  player.setSpeed(100); // clamped to 4×
  assert.equal(player.state.speed, 4);
  for (let i = 0; i < 20; i++) clock.advance(50);
  assert.equal(player.state.timeS, 2);
  assert.equal(player.state.playing, false, 'stops at the end');
  player.setLoop(true);
  player.play(); // from the end: starts over
  assert.equal(player.state.timeS, 0);
  clock.advance(0);
  for (let i = 0; i < 12; i++) clock.advance(50);
  assert.ok(player.state.playing, 'loops instead of stopping');
  assert.ok(player.state.timeS < 2 && player.state.timeS > 0);
  player.seek(-1);
  assert.equal(player.state.timeS, 0);
  player.dispose();
  assert.ok(times.length > 10);
});

test('frame cursors interpolate between recorded frames and hold the ends', () => {
  const times = new Float32Array([0, 0.04, 0.08]);
  assert.deepEqual(frameCursorAt(times, -1), { from: 0, to: 0, alpha: 0 });
  const middle = frameCursorAt(times, 0.05);
  assert.equal(middle.from, 1);
  assert.equal(middle.to, 2);
  assert.ok(Math.abs(middle.alpha - 0.25) < 1e-5);
  assert.deepEqual(frameCursorAt(times, 9), { from: 2, to: 2, alpha: 0 });
});

test('a malformed trajectory becomes a problem naming the field, never an exception', () => {
  const good = {
    task: 'reach',
    frameHz: 25,
    bodyNames: ['world', 'ball'],
    geoms: [
      {
        name: 'ball',
        type: 'sphere',
        size: [0.01, 0, 0],
        rgba: [1, 0, 0, 1],
        bodyIndex: 1,
        bodyName: 'ball',
        localPosition: [0, 0, 0],
        localQuaternion: [1, 0, 0, 0],
      },
    ],
    visuals: {},
    frameCount: 2,
    timesS: [0, 0.04],
    bodyPositions: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0, 0],
    bodyQuaternions: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0],
  };
  assert.equal(parseReplayTrajectory(good).kind, 'trajectory');
  const cases: [unknown, RegExp][] = [
    [null, /not a JSON object/],
    [{ ...good, frameCount: 3 }, /timesS holds 2 numbers, expected 3/],
    [{ ...good, bodyPositions: good.bodyPositions.slice(1) }, /bodyPositions holds 11/],
    [{ ...good, timesS: [0, 'x'] }, /timesS\[1\] is not a finite number/],
    [{ ...good, geoms: [{ ...good.geoms[0], bodyIndex: 5 }] }, /geoms\[0\]\.bodyIndex/],
    [{ ...good, timesS: [0.04, 0] }, /decreases at frame 1/],
  ];
  for (const [json, problem] of cases) {
    const parsed = parseReplayTrajectory(json);
    assert.equal(parsed.kind, 'problem');
    assert.match(parsed.kind === 'problem' ? parsed.message : '', problem);
  }
});

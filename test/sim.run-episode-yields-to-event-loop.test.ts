import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runEpisode } from '../sim/index.ts';

/** Counts event-loop turns (check phases) that happen while `work` runs. */
async function countEventLoopTurnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}

test('an episode yields to the event loop every yieldEverySteps control steps', async () => {
  // Warm the model cache so the measurement covers stepping only.
  await runEpisode({ task: 'push-cube', seed: 0, policy: 'random' });
  let steps = 0;
  const turns = await countEventLoopTurnsDuring(async () => {
    ({ steps } = await runEpisode(
      { task: 'push-cube', seed: 1, policy: 'random' },
      { yieldEverySteps: 10 },
    ));
  });
  assert.equal(steps, 125);
  assert.ok(turns >= steps / 10 - 1, `only ${turns} event-loop turns in ${steps} steps`);
});

test('a timer set during an episode is not held back for the whole episode', async () => {
  await runEpisode({ task: 'push-cube', seed: 0, policy: 'random' });
  let timerFiredBeforeEnd = false;
  let episodeDone = false;
  setTimeout(() => {
    timerFiredBeforeEnd = !episodeDone;
  }, 1);
  await runEpisode({ task: 'push-cube', seed: 2, policy: 'random' });
  episodeDone = true;
  assert.ok(timerFiredBeforeEnd);
});

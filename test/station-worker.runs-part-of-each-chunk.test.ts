import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arenaKeys, ndarrayFromValues, startOpenpiServer } from '../openpi/index.ts';
import { sampleEvaluation, withStation } from './helpers/station.ts';

test('with maxOpenLoopSteps the station runs that many rows of each chunk, then asks again', async () => {
  let inferences = 0;
  // Chunks of 10 rows that hold the arm where it is, as DROID-style servers send (H, A).
  const server = await startOpenpiServer({
    port: 0,
    metadata: { action_mode: 'joint-position' },
    createSession: () => ({
      infer(observation) {
        inferences += 1;
        const seen = observation[arenaKeys.observation] as { jointPositionsRad: number[] };
        const row = [...seen.jointPositionsRad, 0];
        return {
          actions: ndarrayFromValues(
            Array.from({ length: 10 }, () => row),
            '<f8',
          ),
        };
      },
    }),
  });
  try {
    await withStation({ maxOpenLoopSteps: 4 }, async (fixture) => {
      const comparisonId = 'cmp-open-loop-1';
      await fixture.addComparison({
        comparisonId,
        policies: { A: server.url, B: server.url },
      });
      await fixture.waitForPhase(comparisonId, 'reset-A');
      await fixture.signal(comparisonId, 'start-A');
      await fixture.waitForPhase(comparisonId, 'reset-B');
      const steps = fixture.link.report('A')?.steps ?? 0;
      assert.ok(steps > 20, `episode A ran ${steps} steps`);
      assert.equal(inferences, Math.ceil(steps / 4));
      await fixture.signal(comparisonId, 'start-B');
      await fixture.waitForPhase(comparisonId, 'evaluation');
      await fixture.evaluate(comparisonId, sampleEvaluation());
      const result = await fixture.waitForResult(comparisonId);
      assert.equal(result.episodes.A.error, null);
    });
  } finally {
    await server.close();
  }
});

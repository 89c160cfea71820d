// A station whose policy answers slowly runs its control loop well under its rate: the evaluator
// page warns while the evaluator scores, and the episodes keep their target and achieved rate
// and the dropped control periods, which the comparison page shows. The policy is a built-in
// one served by a remote openpi server that waits 250 ms per answer, and the station executes
// one action per answer, so the loop cannot reach 90% of the task's rate on any machine.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createBuiltinPolicySession, builtinPolicyMetadata } from '../openpi/index.ts';
import { startOpenpiServer } from '../openpi/openpi-server.ts';
import { SimulatedRobotLink } from '../workers/robot/simulated-robot-link.ts';
import { startStationWorker } from '../workers/robot/station-worker.ts';
import type { ComparisonDetail } from '../contract/comparison-detail.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { waitFor } from './helpers/fixtures.ts';
import { testRedisUrl } from './helpers/redis.ts';
import { postJson, withServices } from './helpers/services.ts';

const station = 'slow-lab';

async function press(page: Page, label: string): Promise<void> {
  const button = page.locator('#phase-action', { hasText: label });
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}

test('a station episode under 90% of its control rate is flagged to the evaluator, stored and shown on the comparison page', async () => {
  const slowServer = await startOpenpiServer({
    port: 0,
    metadata: builtinPolicyMetadata('expert'),
    createSession: () => {
      const session = createBuiltinPolicySession('expert');
      return {
        infer: async (observation) => {
          await sleep(250);
          return session.infer(observation);
        },
        close: () => session.close?.(),
      };
    },
  });
  try {
    await withServices('sqlite', {}, async (services, queuePrefix) => {
      const post = (path: string, body: unknown): Promise<Response> =>
        postJson(services.url, path, body);
      for (const name of ['slow-a', 'slow-b']) {
        const registered = await post('/api/policies', {
          name,
          kind: 'openpi',
          endpoint: slowServer.url,
          observation: 'arena',
        });
        assert.equal(registered.status, 201, await registered.text());
      }
      assert.equal((await post('/api/tasks', { name: 'reach', simTask: 'reach' })).status, 201);
      const worker = startStationWorker({
        redisUrl: testRedisUrl,
        queuePrefix,
        station,
        link: new SimulatedRobotLink(),
        maxOpenLoopSteps: 1,
        signalPollMs: 50,
      });
      try {
        const created = await post('/api/campaigns', {
          name: 'slow-station',
          policies: ['slow-a', 'slow-b'],
          tasks: ['reach'],
          budget: 1,
          stations: [station],
          stationEpisodeS: 2,
          seed: 5,
          start: true,
        });
        assert.equal(created.status, 201, await created.text());
        const { db } = services.database;

        await withBrowser(async (browser) => {
          const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
          const errors = collectPageErrors(page);
          await page.goto(`${services.url}/evaluate.html?station=${station}`);
          await page.fill('#evaluator', 'ben');
          await page.locator('#evaluator').dispatchEvent('change');
          assert.equal(await page.locator('#rate-warning').isVisible(), false);
          await press(page, 'Start episode A');
          await press(page, 'Start episode B');
          await page.waitForSelector('#evaluation-form', { state: 'visible', timeout: 30_000 });
          const warning = page.locator('#rate-warning');
          await warning.waitFor({ state: 'visible' });
          const text = (await warning.textContent()) ?? '';
          assert.match(text, /below 90% of its rate/);
          assert.match(text, /A: [\d.]+ of \d+ Hz \(\d+%\), \d+ periods dropped/);
          assert.match(text, /B: [\d.]+ of \d+ Hz/);
          assert.doesNotMatch(text, /slow-a|slow-b/, 'the warning names no policy');
          await screenshot(page, 'evaluate-rate-warning-390x844');
          await page.locator('input[name="progressA"]').fill('30');
          await page.locator('input[name="progressB"]').fill('30');
          await page.check('input[name="preference"][value="tie"]');
          await page.click('#evaluation-form button[type="submit"]');

          const comparison = await waitFor(
            () =>
              db
                .selectFrom('comparisons')
                .select('id')
                .where('status', '=', 'completed')
                .executeTakeFirst(),
            { timeoutMs: 30_000, what: 'the comparison to complete' },
          );
          const episodes = await db
            .selectFrom('episodes')
            .select(['side', 'steps', 'duration_ms', 'target_hz', 'achieved_hz', 'dropped_frames'])
            .where('comparison_id', '=', comparison.id)
            .orderBy('side')
            .execute();
          assert.equal(episodes.length, 2);
          for (const episode of episodes) {
            const target = Number(episode.target_hz);
            const achieved = Number(episode.achieved_hz);
            assert.ok(target > 0, `episode ${episode.side} stores its target rate`);
            assert.ok(achieved > 0 && achieved < 0.9 * target, `${achieved} of ${target} Hz`);
            // Achieved is steps over time; dropped is the periods the time had room for, less steps.
            assert.ok(Math.abs(achieved - (episode.steps * 1000) / episode.duration_ms) < 0.01);
            const expectedDropped =
              Math.floor((episode.duration_ms * target) / 1000) - episode.steps;
            assert.equal(episode.dropped_frames, expectedDropped);
            assert.ok(expectedDropped > 0);
          }

          const { comparison: detail } = (await (
            await fetch(`${services.url}/api/comparisons/${comparison.id}`)
          ).json()) as { comparison: ComparisonDetail };
          assert.deepEqual(detail.episodes.A?.controlRate, {
            targetHz: Number(episodes[0]!.target_hz),
            achievedHz: Number(episodes[0]!.achieved_hz),
            droppedFrames: episodes[0]!.dropped_frames,
          });

          await page.setViewportSize({ width: 1280, height: 800 });
          await page.goto(`${services.url}/comparison.html?id=${comparison.id}`);
          const row = page.locator('#metrics tbody tr', { hasText: 'Control rate' });
          await row.waitFor();
          assert.equal(await row.locator('.rate-low').count(), 2, 'both episodes flagged');
          assert.match((await row.textContent()) ?? '', /of \d+ Hz \(\d+%\), \d+ periods dropped/);
          await screenshot(page, 'comparison-control-rate-1280x800');
          assert.deepEqual(errors, []);
        });
      } finally {
        await worker.close();
      }
    });
  } finally {
    await slowServer.close();
  }
});

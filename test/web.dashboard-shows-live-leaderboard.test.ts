import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServices } from '../services/start-services.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { withDatabaseLocation } from './helpers/databases.ts';
import { recordWins, seedCampaign } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

test('the dashboard shows campaigns and a leaderboard plot that update without a reload', async () => {
  await withQueuePrefix(async (queuePrefix) =>
    withDatabaseLocation('sqlite', async ({ databaseUrl, dataDir }) => {
      const services = await startServices({
        redisUrl: testRedisUrl,
        queuePrefix,
        databaseUrl,
        dataDir,
        port: 0,
      });
      try {
        const { db } = services.database;
        // A paused campaign: the scheduler leaves it alone, the judgements below are the data.
        const campaignId = await seedCampaign(db, { budget: 50 });
        const ladder = ['expert', 'noisy-expert', 'lagged-expert', 'random'];
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < ladder.length - 1; i++)
            await recordWins(db, campaignId, ladder[i]!, ladder[i + 1]!);
        }
        await services.refresher.refitNow(campaignId);

        await withBrowser(async (browser) => {
          for (const [width, height] of [
            [1280, 800],
            [390, 844],
          ] as const) {
            const page = await browser.newPage({ viewport: { width, height } });
            const errors = collectPageErrors(page);
            await page.goto(services.url);
            await page.waitForSelector('#leaderboard tbody tr');
            const policies = await page.$$eval('#leaderboard tbody tr td:nth-child(2)', (cells) =>
              cells.map((c) => c.textContent),
            );
            assert.deepEqual(policies, ladder);
            assert.equal(await page.locator('#interval-plot circle.point').count(), 4);
            assert.equal(await page.locator('#interval-plot line.whisker').count(), 4);
            assert.match(
              (await page.locator('#campaigns tbody tr').first().textContent()) ?? '',
              /test-campaign/,
            );
            await screenshot(page, `dashboard-${width}x${height}`);
            assert.deepEqual(errors, []);
            await page.close();
          }

          const page = await browser.newPage();
          const errors = collectPageErrors(page);
          await page.goto(services.url);
          await page.waitForSelector('#leaderboard tbody tr');
          const randomWins = page
            .locator('#leaderboard tbody tr', { hasText: 'random' })
            .locator('td:nth-child(7)');
          assert.equal(await randomWins.textContent(), '0');
          await recordWins(db, campaignId, 'random', 'expert');
          await services.refresher.refitNow(campaignId);
          await page.waitForFunction(
            () =>
              [...document.querySelectorAll('#leaderboard tbody tr')].some(
                (r) => r.textContent?.includes('random') && r.children[6]?.textContent === '1',
              ),
            undefined,
            { timeout: 10_000 },
          );
          assert.deepEqual(errors, []);
        });
      } finally {
        await services.close();
      }
    }),
  );
});

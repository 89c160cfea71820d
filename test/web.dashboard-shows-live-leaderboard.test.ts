import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { researcherOf, withServices } from './helpers/services.ts';
import { signIn } from './helpers/auth.ts';
import { recordWins, seedCampaign } from './helpers/fixtures.ts';

test('the dashboard shows campaigns and a leaderboard plot that update without a reload', async () => {
  await withServices('sqlite', {}, async (services) => {
    const { db } = services.database;
    // A paused campaign: the scheduler leaves it alone, the judgements below are the data.
    const campaignId = await seedCampaign(db, { budget: 50 });
    const ladder = ['expert', 'noisy-expert', 'lagged-expert', 'random'];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ladder.length - 1; i++)
        await recordWins(db, campaignId, ladder[i]!, ladder[i + 1]!);
      // A fit per round gives the rating history chart three points.
      await services.refresher.refitNow(campaignId);
    }

    await withBrowser(async (browser) => {
      for (const [width, height] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        const page = await browser.newPage({ viewport: { width, height } });
        await signIn(page, services.url, researcherOf(services));
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
        // Win probabilities: every ordered pair of distinct policies has a percentage.
        assert.equal(await page.locator('#heatmap rect.cell').count(), 16);
        assert.equal(await page.locator('#heatmap text.value').count(), 12);
        const expertBeatsRandom = await page
          .locator('#heatmap rect.cell title')
          .filter({ hasText: 'P(expert beats random)' })
          .textContent();
        const percent = Number(/= ([\d.]+)%/.exec(expertBeatsRandom ?? '')?.[1]);
        assert.ok(percent > 50 && percent <= 100, `P(expert beats random) = ${percent}%`);
        // Rating history: one line per policy through the three fits.
        assert.equal(await page.locator('#history polyline.series').count(), 4);
        const linePoints = await page
          .locator('#history polyline.series')
          .first()
          .getAttribute('points');
        assert.equal(linePoints?.split(' ').length, 3);
        // Progress figures and links into comparisons.
        assert.equal(
          await page.locator('#progress [data-figure="done"] .value').textContent(),
          '9 / 50',
        );
        const firstLink = await page.locator('#recent a').first().getAttribute('href');
        assert.match(firstLink ?? '', /^\/comparison\.html\?id=/);
        await screenshot(page, `dashboard-${width}x${height}`);
        // Tabs: the judgement source "auto" ranks the same ladder on its own.
        await page.locator('#tabs [data-tab="source:auto"]').click();
        await page.waitForSelector('#tabs [data-tab="source:auto"].selected');
        await page.waitForFunction(() =>
          document.querySelector('#leaderboard-meta')?.textContent?.startsWith('Source: auto'),
        );
        const bySource = await page.$$eval('#leaderboard tbody tr td:nth-child(2)', (cells) =>
          cells.map((c) => c.textContent),
        );
        assert.deepEqual(bySource, ladder);
        await page.locator('#tabs [data-tab^="task:"]').first().click();
        await page.waitForFunction(() =>
          document.querySelector('#leaderboard-meta')?.textContent?.startsWith('Task: '),
        );
        assert.equal(await page.locator('#leaderboard tbody tr').count(), 4);
        await screenshot(page, `dashboard-task-tab-${width}x${height}`);
        assert.deepEqual(errors, []);
        await page.close();
      }

      const page = await browser.newPage();

      await signIn(page, services.url, researcherOf(services));
      const errors = collectPageErrors(page);
      await page.goto(services.url);
      await page.waitForSelector('#leaderboard tbody tr');
      const randomWins = page
        .locator('#leaderboard tbody tr', { hasText: 'random' })
        .locator('td:nth-child(7)');
      assert.equal(await randomWins.textContent(), '0');
      // The event stream is up, so the page polls only every 30 s: an update within 2 s of
      // the refit can only have come through the stream.
      await page.waitForFunction(() => document.body.dataset['live'] === 'live');
      await recordWins(db, campaignId, 'random', 'expert');
      const refittedAt = Date.now();
      await services.refresher.refitNow(campaignId);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('#leaderboard tbody tr')].some(
            (r) => r.textContent?.includes('random') && r.children[6]?.textContent === '1',
          ),
        undefined,
        { timeout: 2_000 },
      );
      assert.ok(Date.now() - refittedAt < 2_000, 'the update took longer than 2 s');
      assert.equal(
        await page.locator('#progress [data-figure="done"] .value').textContent(),
        '10 / 50',
      );
      assert.deepEqual(errors, []);
    });
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { withServices } from './helpers/services.ts';
import { recordWins, seedCampaign } from './helpers/fixtures.ts';

const comparisons = 12;

test('the dashboard lists judges, flags an adversarial one and can rank without their votes', async () => {
  await withServices('sqlite', {}, async (services) => {
    const { db } = services.database;
    const campaignId = await seedCampaign(db, {
      budget: 50,
      judgementSources: ['auto', 'crowd'],
    });
    // Expert beats random automatically every time; three judges agree, one always disagrees.
    await recordWins(db, campaignId, 'expert', 'random', comparisons);
    const rows = await db
      .selectFrom('comparisons')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .execute();
    const now = new Date().toISOString();
    for (const { id } of rows) {
      for (const [judge, outcome] of [
        ['crowd:honest-1', 'A'],
        ['crowd:honest-2', 'A'],
        ['crowd:honest-3', 'A'],
        ['crowd:adversary', 'B'],
      ] as const) {
        await db
          .insertInto('judgements')
          .values({
            id: `${id}-${judge}`,
            comparison_id: id,
            source: 'crowd',
            judge,
            outcome,
            created_at: now,
          })
          .execute();
      }
    }
    await services.refresher.refitNow(campaignId);

    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors = collectPageErrors(page);
      await page.goto(services.url);
      await page.waitForSelector('#judges tbody tr');
      assert.equal(await page.locator('#judges tbody tr').count(), 4);
      const flagged = await page.$$eval('#judges tbody tr.flagged', (trs) =>
        trs.map((tr) => (tr as HTMLElement).dataset['judge']),
      );
      assert.deepEqual(flagged, ['crowd:adversary']);
      assert.match((await page.locator('#judges-summary').textContent()) ?? '', /^1 of 4 judges/);

      const expertLosses = async (): Promise<string | null> =>
        page
          .locator('#leaderboard tbody tr')
          .filter({ hasText: 'expert' })
          .first()
          .locator('td:nth-child(8)')
          .textContent();
      assert.equal(await expertLosses(), String(comparisons));
      await page.locator('#trusted-only').check();
      await page.waitForFunction(
        (losses) =>
          [...document.querySelectorAll('#leaderboard tbody tr')].some(
            (tr) =>
              tr.querySelector('td:nth-child(2)')?.textContent === 'expert' &&
              tr.querySelector('td:nth-child(8)')?.textContent === losses,
          ),
        '0',
      );
      await screenshot(page, 'dashboard-judges-1280x800');
      await page.locator('#trusted-only').uncheck();
      await page.waitForFunction(
        (losses) =>
          [...document.querySelectorAll('#leaderboard tbody tr')].some(
            (tr) =>
              tr.querySelector('td:nth-child(2)')?.textContent === 'expert' &&
              tr.querySelector('td:nth-child(8)')?.textContent === losses,
          ),
        String(comparisons),
      );
      assert.deepEqual(errors, []);
    });
  });
});

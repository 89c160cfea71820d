import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { registerPolicy } from '../services/catalog/policy-store.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { researcherOf, withServices } from './helpers/services.ts';
import { signIn } from './helpers/auth.ts';

const rejectedRequest =
  'Failed to load resource: the server responded with a status of 400 (Bad Request)';
const sweepRow = '[data-field="tasks[0].perturbations.objectMassScale"]';

async function statusOf(page: Page, name: string): Promise<string | null> {
  return page.locator(`#campaign-list tr[data-campaign="${name}"] .badge`).textContent();
}

test('the campaigns page creates a campaign with a perturbation sweep, places errors at their field, and starts, pauses and cancels it', async () => {
  await withServices('sqlite', {}, async (services) => {
    const { db } = services.database;
    for (const name of ['expert', 'random', 'noisy-expert'])
      await registerPolicy(db, { name, kind: 'builtin', builtin: name });

    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await signIn(page, services.url, researcherOf(services));
      const errors = collectPageErrors(page);
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(`${services.url}/campaigns.html`);
      await page.waitForSelector('input[name="policy"][value="random"]');

      // Naming a station switches the sources to the evaluator (the only judge on a robot);
      // clearing it leaves the choice to the user again.
      await page.fill('input[name="stations"]', 'franka-1');
      const source = (value: string) => page.isChecked(`input[name="source"][value="${value}"]`);
      assert.deepEqual([await source('auto'), await source('evaluator')], [false, true]);
      await page.fill('input[name="stations"]', '');
      await page.check('input[name="source"][value="auto"]');
      await page.uncheck('input[name="source"][value="evaluator"]');
      await page.fill('input[name="name"]', 'mass sweep');
      await page.check('input[name="policy"][value="expert"]');
      await page.check('input[name="policy"][value="random"]');
      // push-cube is not registered yet: the page registers it on create.
      await page.check('input[name="task"][value="push-cube"]');
      await page.selectOption('select[data-sweep-picker="push-cube"]', 'objectMassScale');
      await page.fill('input[name="push-cube.objectMassScale"]', '0.5, 9');
      await page.click('button[type="submit"]');
      // Caught in the page with the simulator's own rules, shown on the sweep's row.
      await page.waitForSelector(`${sweepRow} .field-problem`);
      assert.match(
        (await page.locator(`${sweepRow} .field-problem`).textContent()) ?? '',
        /from 0.2 to 5/,
      );

      await page.fill('input[name="push-cube.objectMassScale"]', '0.5, 2');
      await page.fill('input[name="budget"]', '2000000');
      await page.check('input[name="start"]');
      await page.click('button[type="submit"]');
      // Only the server knows the budget's upper bound: its 400 lands at the budget input.
      await page.waitForSelector('[data-field="budget"] .field-problem');
      assert.match(
        (await page.locator('[data-field="budget"] .field-problem').textContent()) ?? '',
        /1000000/,
      );
      assert.equal(await page.locator(`${sweepRow} .field-problem`).count(), 0);
      await screenshot(page, 'campaigns-error-1280x800');

      await page.fill('input[name="budget"]', '6');
      await page.click('button[type="submit"]');
      await page.waitForSelector('#notice.ok');
      assert.match((await page.locator('#notice').textContent()) ?? '', /mass sweep.*running/);
      await page.waitForSelector('#campaign-list tr[data-campaign="mass sweep"]');
      assert.equal(await statusOf(page, 'mass sweep'), 'running');

      const stored = await db
        .selectFrom('campaign_tasks')
        .innerJoin('tasks', 'tasks.id', 'campaign_tasks.task_id')
        .select(['tasks.name', 'campaign_tasks.perturbations'])
        .execute();
      assert.deepEqual(stored, [
        { name: 'push-cube', perturbations: JSON.stringify({ objectMassScale: [0.5, 2] }) },
      ]);
      await screenshot(page, 'campaigns-1280x800');

      const row = page.locator('#campaign-list tr[data-campaign="mass sweep"]');
      await row.locator('button[data-action="pause"]').click();
      await page.waitForFunction(
        () =>
          document.querySelector('#campaign-list tr[data-campaign="mass sweep"] .badge')
            ?.textContent === 'paused',
      );
      await row.locator('button[data-action="cancel"]').click();
      await page.waitForFunction(
        () =>
          document.querySelector('#campaign-list tr[data-campaign="mass sweep"] .badge')
            ?.textContent === 'cancelled',
      );
      for (const action of ['start', 'pause', 'cancel'])
        assert.equal(await row.locator(`button[data-action="${action}"]`).isDisabled(), true);
      const campaign = await db.selectFrom('campaigns').select('status').executeTakeFirstOrThrow();
      assert.equal(campaign.status, 'cancelled');
      // Chromium logs every 4xx answer as a console error; the one deliberate 400 is expected.
      assert.deepEqual(errors, [rejectedRequest]);

      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });

      await signIn(phone, services.url, researcherOf(services));
      const phoneErrors = collectPageErrors(phone);
      await phone.goto(`${services.url}/campaigns.html`);
      await phone.waitForSelector('#campaign-list tr[data-campaign="mass sweep"]');
      await phone.check('input[name="task"][value="push-cube"]');
      await phone.selectOption('select[data-sweep-picker="push-cube"]', 'lightIntensity');
      await screenshot(phone, 'campaigns-390x844');
      assert.deepEqual(phoneErrors, []);
    });
  });
});

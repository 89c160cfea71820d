import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveBuiltinPolicy } from '../openpi/index.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { startPi0ShapedPolicyServer } from './helpers/pi0-shaped-policy-server.ts';
import { withServices } from './helpers/services.ts';

test('the policies page registers built-in and remote policies and shows each policy health', async () => {
  // A real openpi server (policy-arena's own) stands in for a lab's policy server.
  const server = await serveBuiltinPolicy('expert', { port: 0 });
  const pi0 = await startPi0ShapedPolicyServer();
  await withServices('sqlite', {}, async (services) => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors = collectPageErrors(page);
      await page.goto(`${services.url}/policies.html`);
      await page.waitForSelector('select[name="builtin"] option[value="degraded-expert"]', {
        state: 'attached',
      });
      // The form offers exactly the kinds the API accepts.
      assert.deepEqual(
        await page.$$eval('select[name="kind"] option', (options) =>
          options.map((o) => (o as HTMLOptionElement).value),
        ),
        ['builtin', 'openpi'],
      );
      assert.equal(await page.locator('#remote-params').isVisible(), false);

      await page.fill('input[name="name"]', 'expert');
      await page.selectOption('select[name="builtin"]', 'expert');
      await page.click('button[type="submit"]');
      await page.waitForSelector('#policy-list tr[data-policy="expert"] .health.ok');

      await page.fill('input[name="name"]', 'half skill');
      await page.selectOption('select[name="builtin"]', 'degraded-expert');
      await page.locator('input[name="skill"]').fill('0.5');
      await page.fill('input[name="latency"]', '30');
      assert.equal(
        await page.locator('#builtin-spec').textContent(),
        'degraded-expert?skill=0.5&latency=30',
      );
      await page.click('button[type="submit"]');
      // The server refuses the latency; its problem is shown at the built-in field.
      await page.waitForSelector('[data-field="builtin"] .field-problem');
      assert.match(
        (await page.locator('[data-field="builtin"] .field-problem').textContent()) ?? '',
        /latencySteps.*0 to 25/,
      );

      await page.fill('input[name="latency"]', '');
      await page.click('button[type="submit"]');
      await page.waitForSelector('#policy-list tr[data-policy="half skill"] .health.ok');
      assert.equal(await page.locator('[data-field="builtin"] .field-problem').count(), 0);
      const row = page.locator('#policy-list tr[data-policy="half skill"]');
      assert.match((await row.textContent()) ?? '', /degraded-expert\?skill=0\.5/);
      assert.match((await row.locator('td').nth(4).textContent()) ?? '', /^\d+ ms$/);

      // A remote policy: a bad endpoint is refused at its field, a good one is checked for real.
      await page.selectOption('select[name="kind"]', 'openpi');
      assert.equal(await page.locator('#remote-params').isVisible(), true);
      assert.equal(await page.locator('select[name="builtin"]').isVisible(), false);
      await page.fill('input[name="name"]', 'remote expert');
      await page.fill('input[name="endpoint"]', 'http://nowhere');
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-field="endpoint"] .field-problem');
      await page.fill('input[name="endpoint"]', server.url);
      await page.click('button[type="submit"]');
      await page.waitForSelector('#policy-list tr[data-policy="remote expert"] .health.ok');
      const remoteRow = page.locator('#policy-list tr[data-policy="remote expert"]');
      assert.match((await remoteRow.textContent()) ?? '', /openpi/);
      assert.ok(((await remoteRow.textContent()) ?? '').includes(server.url));

      // A camera-based policy in DROID's layout, its frames padded as DROID's are: its health
      // episode sends the pi0-shaped server DROID observations, which it checks.
      await page.fill('input[name="name"]', 'pi0 droid');
      await page.fill('input[name="endpoint"]', pi0.url);
      await page.selectOption('select[name="observationLayout"]', 'droid');
      await page.selectOption('select[name="imageFraming"]', 'resize-with-pad');
      await page.selectOption('select[name="actionMode"]', 'joint-velocity');
      await page.fill('input[name="executeSteps"]', '8');
      await page.click('button[type="submit"]');
      await page.waitForSelector('#policy-list tr[data-policy="pi0 droid"] .health.ok', {
        timeout: 60_000,
      });
      assert.ok(pi0.observations() > 0);
      assert.deepEqual(pi0.problems(), []);
      const listed = (await (await fetch(`${services.url}/api/policies`)).json()) as {
        policies: { name: string; observation: unknown }[];
      };
      assert.equal(listed.policies.find((p) => p.name === 'pi0 droid')?.observation, 'droid');
      await screenshot(page, 'policies-1280x800');
      // Chromium logs every 4xx answer as a console error; the two deliberate 400s are expected.
      assert.deepEqual(errors, [
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);

      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const phoneErrors = collectPageErrors(phone);
      await phone.goto(`${services.url}/policies.html`);
      await phone.waitForSelector('#policy-list tr[data-policy="half skill"] .health.ok');
      await phone.selectOption('select[name="builtin"]', 'degraded-expert');
      await screenshot(phone, 'policies-390x844');
      assert.deepEqual(phoneErrors, []);
    });
  }).finally(() => Promise.all([server.close(), pi0.close()]));
});

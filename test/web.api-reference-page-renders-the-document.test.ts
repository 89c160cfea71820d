import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { openApiDocument } from '../contract/openapi-document.ts';
import { createApp } from '../services/api/create-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { withDatabase } from './helpers/databases.ts';

test('the API reference page lists every route by group with its schemas, from local files only', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const app = createApp({
      db,
      artifacts: new LocalDirectoryStore(dataDir),
      simCatalog: { policies: [], tasks: [] },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const document = openApiDocument('test');
    try {
      await withBrowser(async (browser) => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors = collectPageErrors(page);
        const origins = new Set<string>();
        page.on('request', (request) => origins.add(new URL(request.url()).origin));
        await page.goto(`${url}/api.html`);
        await page.waitForSelector('.operation');

        // One section per group, holding exactly that group's routes.
        const groups = await page.$$eval('.api-group', (sections) =>
          sections.map((s) => ({
            title: s.querySelector('h2')?.textContent,
            routes: [...s.querySelectorAll('.operation')].map((o) => o.id),
          })),
        );
        assert.deepEqual(
          groups.map((g) => g.title),
          document.tags.map((t) => t.name),
        );
        for (const group of groups) {
          const expected = Object.values(document.paths)
            .flatMap((methods) => Object.values(methods))
            .filter((operation) => operation.tags.includes(group.title ?? ''))
            .map((operation) => operation.operationId);
          assert.deepEqual(group.routes, expected, `routes of ${group.title}`);
        }

        // A route reads as a reader needs it: method, path, parameters, body fields, answers.
        const create = page.locator('#postCampaigns');
        assert.equal(await create.locator('h3').textContent(), 'POST /api/campaigns');
        const createText = (await create.textContent()) ?? '';
        assert.match(createText, /Request body \(JSON\)/);
        assert.match(createText, /CampaignRequest/);
        assert.match(createText, /409\s*Conflict: a different campaign already has this name/);
        const progress = page.locator('#getCampaignsRefComparisons');
        assert.match(
          (await progress.locator('table.parameters').textContent()) ?? '',
          /ref\s*path.*required.*limit\s*query\s*integer.*default 20.*optional/s,
        );

        // Named schemas are linked to their entry, which lists the fields with their types.
        await create.locator('a[href="#schema-CampaignRequest"]').first().click();
        const request = page.locator('#schema-CampaignRequest');
        const fields = await request
          .locator(':scope > .schema > .schema-fields > dt code')
          .allTextContents();
        assert.deepEqual(fields.slice(0, 4), ['name', 'policies', 'tasks', 'budget']);
        assert.match(
          (await request.textContent()) ?? '',
          /pairing\s*optional\s*"uniform" \| "active" \(default "uniform"\)/,
        );
        const snapshot = page.locator('#schema-RatingSnapshot');
        assert.match((await snapshot.textContent()) ?? '', /leaderboard\s*array of LeaderboardRow/);
        assert.match((await snapshot.textContent()) ?? '', /fit\s*FitCheck or null/);

        assert.deepEqual([...origins], [url], 'the page loads nothing from another origin');
        assert.deepEqual(errors, []);
        await screenshot(page, 'api-reference');
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { createCampaign } from '../services/campaigns/campaign-store.ts';
import { StationControl } from '../services/stations/station-control.ts';
import { collectPageErrors, withBrowser } from './helpers/browser.ts';
import { createApp } from './helpers/contract-checked-app.ts';
import { withDatabase } from './helpers/databases.ts';
import { firstSimTask, seedCampaign } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

test('the evaluator page says when no campaign uses the station it was opened for', async () => {
  await withQueuePrefix((prefix) =>
    withDatabase('sqlite', async ({ db }, { dataDir }) => {
      await seedCampaign(db, { budget: 2 });
      await createCampaign(db, {
        name: 'on-robots',
        policies: ['expert', 'random'],
        tasks: [firstSimTask.name],
        budget: 2,
        maxInFlight: 1,
        pairing: 'uniform',
        judgementSources: ['evaluator'],
        start: false,
        stations: ['franka-1'],
      });
      const stations = new StationControl(testRedisUrl, prefix);
      const app = createApp({
        db,
        stations,
        artifacts: new LocalDirectoryStore(dataDir),
        simCatalog: { policies: [], tasks: [] },
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        await withBrowser(async (browser) => {
          const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
          const errors = collectPageErrors(page);
          await page.goto(`${url}/evaluate.html?station=franka-l`);
          const idle = page.locator('#idle');
          await idle.filter({ hasText: 'No campaign uses' }).waitFor({ timeout: 10_000 });
          assert.match(
            (await idle.textContent()) ?? '',
            /No campaign uses a station named "franka-l".*Campaigns use: franka-1\./,
          );
          // The station a campaign names is simply idle.
          await page.goto(`${url}/evaluate.html?station=franka-1`);
          await idle.filter({ hasText: 'Nothing to do' }).waitFor({ timeout: 10_000 });
          assert.doesNotMatch((await idle.textContent()) ?? '', /No campaign uses/);
          assert.deepEqual(errors, []);
        });
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await stations.close();
      }
    }),
  );
});

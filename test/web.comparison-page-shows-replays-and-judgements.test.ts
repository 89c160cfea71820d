import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { trajectoryKey } from '../services/comparisons/comparison-processor.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { encodeTrajectory, runEpisode } from '../sim/index.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { withDatabase } from './helpers/databases.ts';
import {
  firstSimTask,
  insertComparison,
  policyIdsByName,
  recordedEpisode,
  seedCampaign,
} from './helpers/fixtures.ts';

test('the comparison page shows both replays, the metrics, every judgement and the policies', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    const campaignId = await seedCampaign(db, { budget: 4, judgementSources: ['auto', 'crowd'] });
    const ids = await policyIdsByName(db);
    const id = await insertComparison(db, campaignId, {
      ordinal: 0,
      policyA: ids.get('expert')!,
      policyB: ids.get('random')!,
    });
    const episodes = { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) };
    for (const [side, policy] of [
      ['A', 'expert'],
      ['B', 'random'],
    ] as const) {
      const outcome = await runEpisode(
        { task: firstSimTask.name, seed: 3, policy },
        { record: true },
      );
      const key = trajectoryKey(campaignId, id, side);
      await artifacts.put(key, encodeTrajectory(outcome.trajectory!));
      episodes[side].trajectoryRef = key;
    }
    await recordComparisonResult(db, id, { kind: 'completed', episodes });
    await db
      .insertInto('judgements')
      .values({
        id: `${id}-crowd-1`,
        comparison_id: id,
        source: 'crowd',
        judge: 'crowd-judge-0001',
        outcome: 'A',
        comment: 'the left arm pushed the cube straight in',
        created_at: new Date().toISOString(),
      })
      .execute();

    const app = createApp({ db, artifacts, simCatalog: { policies: [], tasks: [] } });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await withBrowser(async (browser) => {
        for (const [width, height] of [
          [1280, 800],
          [390, 844],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height } });
          const errors = collectPageErrors(page);
          await page.goto(`${url}/comparison.html?id=${encodeURIComponent(id)}`);
          await page.waitForSelector('main[data-state="ready"]');
          assert.equal(await page.locator('#caption-a').textContent(), 'A = expert');
          assert.equal(await page.locator('#caption-b').textContent(), 'B = random');
          assert.equal(await page.locator('#instruction').textContent(), firstSimTask.instruction);
          // Both replays drew a scene (a canvas each) and no view reports a problem.
          assert.equal(await page.locator('#replays canvas').count(), 2);
          assert.equal(await page.locator('.replay-message.problem:visible').count(), 0);
          const rows = page.locator('#judgements tbody tr.judgement');
          assert.equal(await rows.count(), 2);
          assert.match((await rows.nth(0).textContent()) ?? '', /auto.*A better/);
          assert.match((await rows.nth(1).textContent()) ?? '', /crowd.*pushed the cube/);
          assert.match(
            (await page.locator('[data-fact="outcome"]').textContent()) ?? '',
            /automatic: A \(expert\) better · 2 judgements: A 2, B 0, tie 0/,
          );
          const metrics = await page.$$eval('#metrics tbody tr', (trs) =>
            trs.map((tr) => [...tr.children].map((td) => td.textContent)),
          );
          assert.deepEqual(metrics[0], ['Success', 'yes', 'no']);
          assert.deepEqual(
            metrics.find((m) => m[0] === 'Peak contact force'),
            ['Peak contact force', '2.0 N', '2.0 N'],
          );
          // Each episode downloads as MCAP and MP4, from the routes beside its trajectory.
          const downloads = await page.$$eval('#metrics a[data-format]', (links) =>
            links.map((a) => (a as HTMLAnchorElement).getAttribute('href')),
          );
          assert.deepEqual(downloads, [
            `/api/episodes/${id}-A/mcap`,
            `/api/episodes/${id}-A/mp4`,
            `/api/episodes/${id}-B/mcap`,
            `/api/episodes/${id}-B/mp4`,
          ]);
          const mcap = await fetch(`${url}${downloads[2]!}`);
          assert.equal(mcap.status, 200);
          assert.equal(
            Buffer.from(await mcap.arrayBuffer())
              .subarray(1, 5)
              .toString('latin1'),
            'MCAP',
          );
          // The scene cameras a camera-based policy sees through can be looked through here.
          assert.deepEqual(
            await page.$$eval('#view-camera option', (options) =>
              options.map((option) => (option as HTMLOptionElement).value),
            ),
            ['', 'exterior_1', 'exterior_2', 'wrist'],
          );
          // The shared playback bar moves both replays; paused at one instant, only the chosen
          // view changes the picture.
          await page.locator('#play').click();
          await page.locator('#scrub').fill('0.5');
          const stage = page.locator('#stage-a canvas');
          const picture = async (): Promise<Buffer> => {
            await page.evaluate(
              () => new Promise((resolve) => requestAnimationFrame(() => resolve(null))),
            );
            return stage.screenshot();
          };
          const orbitView = await picture();
          assert.deepEqual(await picture(), orbitView, 'a paused replay stands still');
          await page.locator('#view-camera').selectOption('wrist');
          assert.notDeepEqual(await picture(), orbitView, 'the wrist camera shows another picture');
          await page.locator('#view-camera').selectOption('');
          assert.deepEqual(await picture(), orbitView, 'back to the free view');
          assert.match((await page.locator('#time').textContent()) ?? '', /^0\.5 \//);
          await screenshot(page, `comparison-${width}x${height}`);
          assert.deepEqual(errors, []);
          await page.close();
        }
        const page = await browser.newPage();
        await page.goto(`${url}/comparison.html?id=nonesuch`);
        await page.waitForSelector('main[data-state="error"]');
        assert.match((await page.locator('#load-problem').textContent()) ?? '', /HTTP 404/);
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

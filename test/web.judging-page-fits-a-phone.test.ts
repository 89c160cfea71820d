import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createApp } from '../services/api/create-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { signIn, tokenFor } from './helpers/auth.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { withDatabase } from './helpers/databases.ts';
import { seedJudgeableComparisons } from './helpers/judging-fixture.ts';

/** Apple's and Google's smallest comfortable touch target, CSS pixels. */
const minTargetPx = 44;

test('both replays and all four vote buttons fit the screen without scrolling, phone to desktop', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    await seedJudgeableComparisons(db, artifacts, 1);
    const app = createApp({
      db,
      artifacts,
      simCatalog: { policies: [], tasks: [] },
      sessionSecret: Buffer.from('test session key'),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await withBrowser(async (browser) => {
        for (const [width, height, phone] of [
          [360, 640, true],
          [390, 844, true],
          [1280, 800, false],
        ] as const) {
          const context = await browser.newContext({
            viewport: { width, height },
            isMobile: phone,
            hasTouch: phone,
          });
          const page = await context.newPage();
          const errors = collectPageErrors(page);
          await signIn(page, url, await tokenFor(db, 'judge'));
          await page.waitForSelector('main[data-state="judging"][data-ticket]');
          const boxes = {
            left: await page.locator('#stage-left').boundingBox(),
            right: await page.locator('#stage-right').boundingBox(),
            ...Object.fromEntries(
              await Promise.all(
                ['left', 'right', 'tie', 'both-failed'].map(
                  async (c) =>
                    [
                      `vote ${c}`,
                      await page.locator(`button[data-choice="${c}"]`).boundingBox(),
                    ] as const,
                ),
              ),
            ),
            play: await page.locator('#play').boundingBox(),
          };
          for (const [name, box] of Object.entries(boxes)) {
            assert.ok(box !== null, `${width}x${height}: ${name} is not shown`);
            assert.ok(
              box.x >= 0 &&
                box.y >= 0 &&
                box.x + box.width <= width &&
                box.y + box.height <= height,
              `${width}x${height}: ${name} at ${JSON.stringify(box)} is not within the screen`,
            );
            if (name.startsWith('vote') || name === 'play')
              assert.ok(
                box.height >= minTargetPx && box.width >= minTargetPx,
                `${width}x${height}: ${name} is ${box.width}x${box.height}, under ${minTargetPx} px`,
              );
          }
          // A view the eye can follow a robot in, not a sliver.
          for (const side of ['left', 'right'] as const)
            assert.ok(boxes[side]!.height >= 100, `${width}x${height}: ${side} replay too short`);
          assert.equal(
            await page.evaluate(() => window.scrollY),
            0,
            `${width}x${height}: the page scrolled`,
          );
          await page.waitForTimeout(500);
          await page.screenshot({ path: `test-artifacts/judge-fits-${width}x${height}.png` });
          await screenshot(page, `judge-fits-${width}x${height}-full`);
          assert.deepEqual(errors, []);
          await context.close();
        }
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { OpenpiClient } from '../openpi/index.ts';
import { SimulatedRobotLink } from '../workers/robot/simulated-robot-link.ts';
import { startStationWorker } from '../workers/robot/station-worker.ts';
import { collectPageErrors, screenshot, withBrowser } from './helpers/browser.ts';
import { waitFor } from './helpers/fixtures.ts';
import { testRedisUrl } from './helpers/redis.ts';
import { getWith, postJson, researcherOf, withServices } from './helpers/services.ts';
import { signIn, tokenFor } from './helpers/auth.ts';

const station = 'lab-1';

/** Clicks the phase button once it offers `label` (the page polls the station every second). */
async function press(page: Page, label: string): Promise<void> {
  const button = page.locator('#phase-action', { hasText: label });
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}

async function score(
  page: Page,
  { a, b, preference, comment }: { a: number; b: number; preference: string; comment: string },
): Promise<void> {
  await page.waitForSelector('#evaluation-form', { state: 'visible', timeout: 30_000 });
  await page.locator('input[name="progressA"]').fill(String(a));
  await page.locator('input[name="progressB"]').fill(String(b));
  await page.check(`input[name="preference"][value="${preference}"]`);
  await page.fill('textarea[name="comment"]', comment);
  await page.click('#evaluation-form button[type="submit"]');
}

test('an evaluator runs a station comparison from the evaluator page, blind, and it completes only on submit', async () => {
  await withServices('sqlite', { refitDebounceMs: 100 }, async (services, queuePrefix) => {
    const post = (path: string, body: unknown): Promise<Response> =>
      postJson(services.url, path, body, researcherOf(services));
    for (const name of ['expert', 'random'])
      assert.equal(
        (await post('/api/policies', { name, kind: 'builtin', builtin: name })).status,
        201,
      );
    assert.equal((await post('/api/tasks', { name: 'reach', simTask: 'reach' })).status, 201);
    // The robot is MuJoCo behind the station's robot interface: this machine has no robot.
    const worker = startStationWorker({
      redisUrl: testRedisUrl,
      queuePrefix,
      station,
      link: new SimulatedRobotLink(),
      signalPollMs: 50,
    });
    try {
      const created = await post('/api/campaigns', {
        name: 'on-the-robot',
        policies: ['expert', 'random'],
        tasks: ['reach'],
        budget: 2,
        maxInFlight: 1,
        stations: [station],
        stationEpisodeS: 4,
        seed: 4,
        start: true,
      });
      assert.equal(created.status, 201);
      const { db } = services.database;

      await withBrowser(async (browser) => {
        const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
        const errors = collectPageErrors(page);
        const stationBodies: string[] = [];
        page.on('response', (response) => {
          if (response.url().includes('/api/stations/'))
            void response.text().then(
              (text) => stationBodies.push(text),
              () => {},
            );
        });
        // The evaluator's sign-in link (a token for this station) opens the station's page.
        await signIn(page, services.url, await tokenFor(db, 'evaluator', station));
        assert.equal(new URL(page.url()).searchParams.get('station'), station);
        await page.fill('#evaluator', 'ana');
        await page.locator('#evaluator').dispatchEvent('change');
        assert.match(
          (await page.locator('#instruction').textContent({ timeout: 30_000 })) ?? '',
          /ball/,
        );

        // First comparison: nothing runs before the evaluator starts it; A is stopped early.
        await page.locator('#steps li.current', { hasText: 'Set up the scene' }).waitFor();
        await screenshot(page, 'evaluate-390x844');
        // Campaign progress counts the comparison in hand at the station as running.
        const progress = (await (
          await getWith(
            services.url,
            `/api/campaigns/on-the-robot/progress`,
            researcherOf(services),
          )
        ).json()) as { progress: { running: number; queued: number } };
        assert.deepEqual([progress.progress.running, progress.progress.queued], [1, 0]);
        await press(page, 'Start episode A');
        await press(page, 'Stop episode A');
        await press(page, 'Start episode B');
        await page.locator('#clock').waitFor({ state: 'visible' });
        await screenshot(page, 'evaluate-running-390x844');
        // Both episodes have run, and still nothing is recorded until the evaluator submits.
        await page.waitForSelector('#evaluation-form', { state: 'visible', timeout: 30_000 });
        const [comparison, ...others] = await db
          .selectFrom('comparisons')
          .select(['id', 'status'])
          .execute();
        assert.deepEqual(others, [], 'maxInFlight 1: one comparison queued');
        assert.equal(comparison!.status, 'queued');
        assert.equal(
          (await db.selectFrom('judgements').select('id').execute()).length,
          0,
          'no judgement before the scores are submitted',
        );
        await score(page, { a: 100, b: 20, preference: 'A', comment: 'B drifted away' });
        await page.locator('#notice.ok').waitFor();
        const first = await waitFor(
          async () => {
            const row = await db
              .selectFrom('judgements')
              .selectAll()
              .where('comparison_id', '=', comparison!.id)
              .executeTakeFirst();
            return row;
          },
          { timeoutMs: 30_000, what: 'the evaluator judgement to be recorded' },
        );
        assert.equal(first.source, 'evaluator');
        assert.equal(first.judge, 'evaluator:ana');
        assert.equal(first.comment, 'B drifted away');
        assert.deepEqual([first.progress_a, first.progress_b], [100, 20]);
        const episodes = await db
          .selectFrom('episodes')
          .select(['side', 'progress', 'success'])
          .where('comparison_id', '=', comparison!.id)
          .orderBy('side')
          .execute();
        assert.deepEqual(episodes, [
          { side: 'A', progress: 1, success: 1 },
          { side: 'B', progress: 0.2, success: 0 },
        ]);

        // Second comparison at desktop size: the station moves on by itself.
        await page.setViewportSize({ width: 1280, height: 800 });
        await press(page, 'Start episode A');
        await press(page, 'Start episode B');
        await page.waitForSelector('#evaluation-form', { state: 'visible', timeout: 30_000 });
        await screenshot(page, 'evaluate-1280x800');
        // Submitting without a preference is refused at the field.
        await page.locator('input[name="progressA"]').fill('40');
        await page.click('#evaluation-form button[type="submit"]');
        await page.waitForSelector('[data-field="preference"] .field-problem');
        await score(page, { a: 40, b: 60, preference: 'B', comment: '' });
        await waitFor(
          async () => {
            const done = await db
              .selectFrom('comparisons')
              .select('id')
              .where('status', '=', 'completed')
              .execute();
            return done.length === 2 ? true : undefined;
          },
          { timeoutMs: 30_000, what: 'both comparisons to complete' },
        );
        const board = await waitFor(
          async () => {
            const res = await getWith(
              services.url,
              `/api/campaigns/on-the-robot/leaderboard`,
              researcherOf(services),
            );
            const body = (await res.json()) as {
              snapshot: { judgementCount: number; leaderboard: { policy: string }[] } | null;
            };
            return body.snapshot?.judgementCount === 2 ? body.snapshot.leaderboard : undefined;
          },
          { timeoutMs: 20_000, what: 'the ranking of the evaluator judgements' },
        );
        assert.equal(board.length, 2);

        // A finished comparison's handles no longer reach its policies.
        const { token } = await db
          .selectFrom('policy_handles')
          .select('token')
          .executeTakeFirstOrThrow();
        const wsUrl = `${services.url.replace(/^http/, 'ws')}/policy-relay/${token}`;
        await assert.rejects(OpenpiClient.connect(wsUrl, { timeoutMs: 5000 }), /404/);

        // Blind: nothing the station page received names a policy or where it is served.
        assert.ok(stationBodies.length > 0);
        // Nor the comparison or its campaign: the page holds only a random ticket.
        const campaignId = (await db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow())
          .id;
        for (const body of stationBodies) {
          assert.doesNotMatch(body, /expert|random|policy-relay/);
          assert.ok(!body.includes(campaignId), `a station answer names the campaign: ${body}`);
        }
        // Chromium logs 4xx answers; the one deliberate 400 (no preference) is expected.
        assert.deepEqual(errors, [
          'Failed to load resource: the server responded with a status of 400 (Bad Request)',
        ]);
      });
    } finally {
      await worker.close();
    }
  });
});

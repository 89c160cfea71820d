import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { builtinPolicyNames } from '../sim/index.ts';
import { startServices, type RunningServices } from '../services/start-services.ts';
import { spawnSimWorkers, type WorkerPool } from '../workers/worker-pool.ts';
import { chromiumPath, collectPageErrors, screenshot } from './helpers/browser.ts';
import { withDatabaseLocation } from './helpers/databases.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { getWith } from './helpers/services.ts';
import { signIn, tokenFor } from './helpers/auth.ts';
import { chromium } from 'playwright-core';

const budget = 4;
/** A vote must be followed by the next comparison this fast (the prefetch's promise). */
const nextShownWithinMs = 300;

interface Snapshot {
  judgementCount: number;
  leaderboard: {
    policy: string;
    comparisons: number;
    wins: number;
    losses: number;
    ties: number;
  }[];
}

let services: RunningServices;
let workers: WorkerPool;
let browser: Browser;
let campaignId: string;
let researcher: string;
/** Resolves when the suite's resources are released (queue prefix and database removed). */
let release: () => void;
let released: Promise<void>;

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${services.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${researcher}` },
    body: JSON.stringify(body),
  });
}

async function snapshot(): Promise<Snapshot | null> {
  const res = await getWith(services.url, `/api/campaigns/${campaignId}/leaderboard`, researcher);
  return ((await res.json()) as { snapshot: Snapshot | null }).snapshot;
}

async function waitForJudgements(count: number): Promise<Snapshot> {
  return waitFor(
    async () => {
      const current = await snapshot();
      return current?.judgementCount === count ? current : undefined;
    },
    { timeoutMs: 20_000, what: `a rating snapshot of ${count} judgements` },
  );
}

/** A page of a new browser context, signed in as a new judge on the judging page. */
async function judgePage(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, services.url, await tokenFor(services.database.db, 'judge'));
  return page;
}

/** The ticket on screen once the page shows a comparison to judge. */
async function shownTicket(page: Page): Promise<string> {
  await page.waitForSelector('main[data-state="judging"][data-ticket]');
  return (await page.getAttribute('main', 'data-ticket')) ?? '';
}

/**
 * Votes, waits until a different comparison than `previous` is on screen, and returns it with
 * the time from the vote to the next comparison shown, as the page measured it (playwright's
 * own input latency under a software-rendering browser is not the page's).
 */
async function nextTicketAfter(
  page: Page,
  previous: string,
  vote: () => Promise<void>,
): Promise<{ elapsedMs: number; ticket: string }> {
  await vote();
  await page.waitForFunction(
    (old) => {
      const main = document.querySelector('main');
      return main?.dataset['state'] === 'judging' && main.dataset['ticket'] !== old;
    },
    previous,
    { timeout: 10_000 },
  );
  const elapsedMs = Number(await page.getAttribute('main', 'data-next-shown-ms'));
  return { elapsedMs, ticket: await shownTicket(page) };
}

async function assertNamesNoPolicy(page: Page): Promise<void> {
  const text = await page.evaluate(() => document.documentElement.outerHTML);
  for (const name of builtinPolicyNames) {
    assert.ok(!text.includes(name), `the judging page names the policy "${name}"`);
  }
}

before(async () => {
  // The suite shares one small real campaign: the rollouts are the slow part.
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    released = new Promise<void>((resolveReleased) => {
      void withQueuePrefix((queuePrefix) =>
        withDatabaseLocation('sqlite', async ({ databaseUrl, dataDir }) => {
          services = await startServices({
            redisUrl: testRedisUrl,
            queuePrefix,
            databaseUrl,
            dataDir,
            port: 0,
            refitDebounceMs: 100,
          });
          workers = spawnSimWorkers(1, { redisUrl: testRedisUrl, queuePrefix });
          await new Promise<void>((resolveRelease) => {
            release = resolveRelease;
            resolveReady();
          });
          await workers.stop();
          await services.close();
        }),
      )
        .catch(rejectReady)
        .finally(resolveReleased);
    });
  });
  await ready;
  researcher = await tokenFor(services.database.db, 'researcher');
  for (const name of builtinPolicyNames) {
    await post('/api/policies', { name, kind: 'builtin', builtin: name });
  }
  await post('/api/tasks', { name: 'task', simTask: firstSimTask.name });
  const created = await post('/api/campaigns', {
    name: 'crowd',
    policies: [...builtinPolicyNames],
    tasks: ['task'],
    budget,
    maxInFlight: budget,
    seed: 11,
    judgementSources: ['auto', 'crowd'],
    start: true,
  });
  assert.equal(created.status, 201);
  campaignId = ((await created.json()) as { campaign: { id: string } }).campaign.id;
  await waitFor(
    async () => {
      const res = await getWith(services.url, `/api/campaigns/${campaignId}`, researcher);
      const body = (await res.json()) as { campaign: { status: string } };
      return body.campaign.status === 'completed' ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250, what: 'the campaign to complete' },
  );
  await waitForJudgements(budget);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  release?.();
  await released;
});

test('a judge votes with the mouse and the keyboard, and the leaderboard counts the votes', async (t) => {
  const page = await judgePage({ viewport: { width: 1280, height: 800 } });
  const context = page.context();
  const errors = collectPageErrors(page);
  const before = await waitForJudgements(budget);
  await page.goto(`${services.url}/judge.html`);
  const first = await shownTicket(page);
  assert.equal(await page.locator('#instruction').textContent(), firstSimTask.instruction);
  await assertNamesNoPolicy(page);
  await page.waitForTimeout(1000); // let both replays play a moment for the picture
  await screenshot(page, 'judge-1280x800');
  // The page never holds who the judge is: the session cookie is out of the script's reach.
  assert.equal(await page.evaluate(() => document.cookie), '');

  // One orbit: with time paused, dragging the left view turns the right view's camera too.
  await page.click('#play');
  await page.waitForSelector('#play[aria-label^="Play"]');
  const rightBefore = await page.locator('#stage-right canvas').screenshot();
  const box = (await page.locator('#stage-left canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(100);
  const rightAfter = await page.locator('#stage-right canvas').screenshot();
  assert.ok(!rightBefore.equals(rightAfter), "the right view did not follow the left view's orbit");
  await page.click('#play');

  // Mouse: the "Left better" button.
  const mouse = await nextTicketAfter(page, first, () => page.click('button[data-choice="left"]'));
  assert.ok(
    mouse.elapsedMs < nextShownWithinMs,
    `the next comparison took ${mouse.elapsedMs.toFixed(0)} ms after a click`,
  );
  t.diagnostic(`next comparison shown ${mouse.elapsedMs} ms after a click`);
  await waitForJudgements(budget + 1);

  // Keyboard, with a comment: typing in the comment box must not vote, the arrow key after does.
  await page.fill('#comment', 'right one stacked it faster ←');
  await page.locator('#comment').blur();
  const keyboard = await nextTicketAfter(page, mouse.ticket, () =>
    page.keyboard.press('ArrowRight'),
  );
  assert.ok(
    keyboard.elapsedMs < nextShownWithinMs,
    `the next comparison took ${keyboard.elapsedMs.toFixed(0)} ms after a key`,
  );
  t.diagnostic(`next comparison shown ${keyboard.elapsedMs} ms after a key`);
  assert.equal(
    await page.inputValue('#comment'),
    '',
    'the comment box is cleared for the next one',
  );
  const judged = await waitForJudgements(budget + 2);
  const comment = await services.database.db
    .selectFrom('judgements')
    .select('comment')
    .where('source', '=', 'crowd')
    .where('comment', 'is not', null)
    .execute();
  assert.deepEqual(
    comment.map((c) => c.comment),
    ['right one stacked it faster ←'],
  );
  const total = (s: Snapshot, key: 'comparisons' | 'wins' | 'ties'): number =>
    s.leaderboard.reduce((n, row) => n + row[key], 0);
  assert.equal(total(judged, 'comparisons'), total(before, 'comparisons') + 4);
  assert.equal(
    total(judged, 'wins') + total(judged, 'ties') / 2,
    total(before, 'wins') + total(before, 'ties') / 2 + 2,
  );

  // The rest with the keyboard, until nothing is left for this judge.
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(
    (old) => document.querySelector('main')?.dataset['ticket'] !== old,
    keyboard.ticket,
  );
  await page.keyboard.press('b');
  await page.waitForSelector('main[data-state="done"]');
  assert.match((await page.locator('#done-message').textContent()) ?? '', /Nothing is left/);
  await waitForJudgements(budget + 4);

  // A researcher's dashboard shows the crowd votes in the campaign's leaderboard.
  const dashboard = await context.browser()!.newPage();
  await signIn(dashboard, services.url, researcher);
  await dashboard.goto(`${services.url}/#campaign=${campaignId}`);
  await dashboard.waitForFunction(
    (count) =>
      document.getElementById('leaderboard-meta')?.textContent?.includes(`on ${count} judgements`),
    budget + 4,
  );
  await dashboard.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone the replays stack and a tap votes', async () => {
  const page = await judgePage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const context = page.context();
  const errors = collectPageErrors(page);
  await page.goto(`${services.url}/judge.html`);
  const first = await shownTicket(page);
  const left = await page.locator('#stage-left').boundingBox();
  const right = await page.locator('#stage-right').boundingBox();
  assert.ok(left !== null && right !== null);
  assert.ok(right.y >= left.y + left.height, 'the right replay is below the left one');
  assert.ok(left.width > 350, 'each replay takes the full width');
  const button = await page.locator('button[data-choice="both-failed"]').boundingBox();
  assert.ok(button !== null && button.height >= 48, 'vote buttons are big enough to tap');
  await page.waitForTimeout(1000);
  await screenshot(page, 'judge-390x844');
  await nextTicketAfter(page, first, () => page.tap('button[data-choice="both-failed"]'));
  await waitForJudgements(budget + 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a replay that cannot be read shows a message in its view; the other still plays', async () => {
  const page = await judgePage({ viewport: { width: 1280, height: 800 } });
  const context = page.context();
  const errors = collectPageErrors(page);
  await page.route('**/api/judging/replays/*/right*', (route) =>
    route.fulfill({ json: { task: 'stack', frameHz: 25, bodyNames: ['world'], frameCount: 3 } }),
  );
  await page.goto(`${services.url}/judge.html`);
  await shownTicket(page);
  const message = page.locator('#stage-right .replay-message.problem');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /cannot be shown: geoms is not a list/);
  assert.equal(await page.locator('#stage-left .replay-message').isVisible(), false);
  await page.click('#play'); // pause and play again: the player keeps working
  await page.click('#play');
  await page.waitForFunction(
    () => Number((document.getElementById('scrub') as HTMLInputElement).value) > 0.5,
  );
  await screenshot(page, 'judge-bad-replay-1280x800');
  assert.deepEqual(errors, []);
  await context.close();
});

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { LiveEvents } from '../services/live/live-events.ts';
import { refitCampaign } from '../services/ranker/campaign-leaderboard.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { policyIdsByName, recordWins, seedCampaign } from './helpers/fixtures.ts';

const simCatalog = { policies: ['expert', 'random'], tasks: [] };

for (const backend of backends) {
  test(`${backend}: history, progress, recent comparisons, matchups and one comparison in full`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const campaignId = await seedCampaign(db, {
        budget: 20,
        judgementSources: ['auto', 'crowd'],
      });
      await recordWins(db, campaignId, 'expert', 'random', 2);
      await recordWins(db, campaignId, 'expert', 'noisy-expert');
      const snapshot = await refitCampaign(db, campaignId);
      // Stored snapshots with ever more judgements: the history must thin them to ~100 points.
      const base = Date.parse(snapshot.fittedAt);
      for (let k = 0; k < 250; k++) {
        await db
          .insertInto('rating_snapshots')
          .values({
            id: `rate-synthetic-${k}`,
            campaign_id: campaignId,
            created_at: new Date(base + 1000 * (k + 1)).toISOString(),
            judgement_count: 4 + k,
            ratings: JSON.stringify({ ...snapshot, judgementCount: 4 + k }),
          })
          .execute();
      }
      const api = request(
        createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) }),
      );

      const { snapshot: latest } = (
        await api.get('/api/campaigns/test-campaign/leaderboard').expect(200)
      ).body;
      const m = latest.matchups;
      assert.deepEqual(
        m.policies,
        latest.leaderboard.map((r: { policy: string }) => r.policy),
      );
      const e = m.policies.indexOf('expert');
      const r = m.policies.indexOf('random');
      assert.equal(m.win[e][e], null);
      assert.ok(m.win[e][r] > 0.5, 'the expert is predicted to beat random');
      assert.ok(Math.abs(m.win[e][r] + m.tie[e][r] + m.win[r][e] - 1) < 1e-9);

      const history = (await api.get('/api/campaigns/test-campaign/history').expect(200)).body;
      assert.ok(history.points.length <= 100 && history.points.length >= 90);
      assert.equal(history.points[0].judgementCount, 3);
      assert.equal(history.points.at(-1).judgementCount, 253);
      assert.equal(history.points[0].ratings.length, 3);
      assert.ok('ciLow' in history.points[0].ratings[0]);

      const { progress } = (await api.get('/api/campaigns/test-campaign/progress').expect(200))
        .body;
      assert.equal(progress.completed, 3);
      assert.equal(progress.notScheduled, 17);
      assert.equal(progress.inFlight, 0);
      assert.ok(progress.perMinute > 0);
      assert.equal(progress.etaSeconds, null, 'a paused campaign has no ETA');
      await db.updateTable('campaigns').set({ status: 'running' }).execute();
      const running = (await api.get('/api/campaigns/test-campaign/progress').expect(200)).body;
      assert.ok(running.progress.etaSeconds > 0);

      const { comparisons } = (
        await api.get('/api/campaigns/test-campaign/comparisons?limit=2').expect(200)
      ).body;
      assert.equal(comparisons.length, 2);
      assert.equal(comparisons[0].autoOutcome, 'A');
      let res = await api.get('/api/campaigns/test-campaign/comparisons?limit=0').expect(400);
      assert.equal(res.body.problems[0].field, 'limit');

      const ids = await policyIdsByName(db);
      const id = `${campaignId}-0`;
      await db
        .insertInto('judgements')
        .values({
          id: `${id}-crowd`,
          comparison_id: id,
          source: 'crowd',
          judge: 'crowd-judge-1',
          outcome: 'tie',
          comment: 'both pushed it',
          created_at: new Date().toISOString(),
        })
        .execute();
      const { comparison } = (await api.get(`/api/comparisons/${id}`).expect(200)).body;
      assert.equal(comparison.policies.A.id, ids.get('expert'));
      assert.equal(comparison.policies.A.name, 'expert');
      assert.equal(comparison.policies.B.name, 'random');
      assert.equal(comparison.episodes.A.success, true);
      assert.equal(comparison.episodes.B.success, false);
      assert.equal(comparison.episodes.A.peakContactForceN, 2);
      assert.equal(comparison.judgements.length, 2);
      assert.deepEqual(comparison.outcome, { auto: 'A', votes: { A: 1, B: 0, tie: 1 } });
      assert.equal(comparison.judgements[1].comment, 'both pushed it');
      assert.equal(comparison.task.name, 'push-cube');

      await api.get('/api/comparisons/nonesuch').expect(404);
      res = await api.get('/api/comparisons/bad%20id').expect(400);
      assert.equal(res.body.problems[0].field, 'id');
      await api.get('/api/campaigns/nonesuch/history').expect(404);
    });
  });
}

test('GET /api/events streams a notice for the campaign asked about, and ends on close', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const events = new LiveEvents();
    const app = createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir), events });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/events?campaign=c1`);
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (needle: string): Promise<void> => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before "${needle}"`);
          text += decoder.decode(value);
        }
      };
      await readUntil('event: ready');
      assert.equal(events.subscriberCount, 1);
      events.publish({ type: 'campaign-changed', campaignId: 'other' });
      events.publish({ type: 'ratings-refitted', campaignId: 'c1' });
      await readUntil('ratings-refitted');
      assert.ok(!text.includes('other'), 'a notice for another campaign was not filtered out');
      events.close();
      for (;;) if ((await reader.read()).done) break;
      assert.equal(events.subscriberCount, 0);
      // After close a reconnecting page gets a stream that ends at once, not one that hangs.
      const late = await fetch(`http://127.0.0.1:${port}/api/events`);
      assert.match(await late.text(), /event: ready/);
      assert.equal(events.subscriberCount, 0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

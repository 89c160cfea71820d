import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pruneRatingSnapshots } from '../services/ranker/prune-rating-snapshots.ts';
import { campaignRatingHistory } from '../services/ranker/rating-history.ts';
import { latestSnapshot } from '../services/ranker/campaign-leaderboard.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { seedCampaign } from './helpers/fixtures.ts';

for (const backend of backends) {
  test(`${backend}: pruning keeps the latest snapshot and a bounded, even history`, async () => {
    await withDatabase(backend, async ({ db }) => {
      const campaignId = await seedCampaign(db, { budget: 100 });
      // 60 refits: judgement counts 1..30, each fitted twice (a later fit of the same count).
      const rows = [];
      for (let i = 0; i < 60; i++) {
        const count = Math.floor(i / 2) + 1;
        const fittedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
        rows.push({
          id: `rate_${String(i).padStart(3, '0')}`,
          campaign_id: campaignId,
          created_at: fittedAt,
          judgement_count: count,
          ratings: JSON.stringify({
            campaignId,
            fittedAt,
            judgementCount: count,
            tieParameter: null,
            disconnected: false,
            warnings: [],
            fit: null,
            leaderboard: [],
            matchups: null,
          }),
        });
      }
      await db.insertInto('rating_snapshots').values(rows).execute();

      const deleted = await pruneRatingSnapshots(db, campaignId, 10);
      const left = await db
        .selectFrom('rating_snapshots')
        .select(['id', 'judgement_count'])
        .where('campaign_id', '=', campaignId)
        .orderBy('judgement_count')
        .execute();
      assert.equal(deleted, 50);
      assert.equal(left.length, 10);
      // One row per count, the later fit of it; first and latest counts survive.
      assert.equal(new Set(left.map((r) => r.judgement_count)).size, 10);
      assert.equal(left[0]!.judgement_count, 1);
      assert.equal(left[0]!.id, 'rate_001');
      assert.equal(left.at(-1)!.id, 'rate_059');
      assert.equal((await latestSnapshot(db, campaignId))!.judgementCount, 30);
      const history = await campaignRatingHistory(db, campaignId);
      assert.equal(history.length, 10);
      assert.equal(history.at(-1)!.judgementCount, 30);

      // Pruning again deletes nothing: the history is already within bounds.
      assert.equal(await pruneRatingSnapshots(db, campaignId, 10), 0);
    });
  });
}

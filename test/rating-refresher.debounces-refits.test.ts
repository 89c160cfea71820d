import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { latestSnapshot } from '../services/ranker/campaign-leaderboard.ts';
import { RatingRefresher } from '../services/ranker/rating-refresher.ts';
import { withDatabase } from './helpers/databases.ts';
import { insertComparison, recordedEpisode, seedCampaign, waitFor } from './helpers/fixtures.ts';

test('a burst of judgements causes one refit; the snapshot counts them all', async () => {
  await withDatabase('sqlite', async ({ db }) => {
    const campaignId = await seedCampaign(db, { budget: 20 });
    const policies = await db.selectFrom('policies').select('id').orderBy('name').execute();
    const refresher = new RatingRefresher(db, { debounceMs: 150, maxWaitMs: 10_000 });
    const countSnapshots = async (): Promise<number> =>
      (await db.selectFrom('rating_snapshots').select('id').execute()).length;
    for (let ordinal = 0; ordinal < 10; ordinal++) {
      const id = `${campaignId}-${ordinal}`;
      await insertComparison(db, campaignId, {
        ordinal,
        policyA: policies[ordinal % 2]!.id,
        policyB: policies[2 + (ordinal % 2)]!.id,
      });
      await recordComparisonResult(db, id, {
        kind: 'completed',
        episodes: {
          A: recordedEpisode(id, 'A', true),
          B: recordedEpisode(id, 'B', ordinal % 3 === 0),
        },
      });
      refresher.requestRefit(campaignId);
    }
    assert.equal(await countSnapshots(), 0, 'no refit while judgements keep arriving');
    // The fit runs on a ranking thread, which may take a moment to start: wait for it.
    await waitFor(async () => ((await countSnapshots()) > 0 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the debounced refit',
    });
    assert.equal(await countSnapshots(), 1);
    const snapshot = await latestSnapshot(db, campaignId);
    assert.equal(snapshot?.judgementCount, 10);
    assert.equal(
      snapshot?.leaderboard.reduce((n, r) => n + r.comparisons, 0),
      20,
    );
    await refresher.close();
  });
});

test('a steady stream of judgements still refreshes within maxWaitMs', async () => {
  await withDatabase('sqlite', async ({ db }) => {
    const campaignId = await seedCampaign(db, { budget: 5 });
    const refresher = new RatingRefresher(db, { debounceMs: 200, maxWaitMs: 400 });
    // Requests never pause for 200 ms, so only maxWaitMs can bring a refit.
    const deadline = Date.now() + 10_000;
    let snapshots = 0;
    while (snapshots === 0 && Date.now() < deadline) {
      refresher.requestRefit(campaignId);
      await new Promise((resolve) => setTimeout(resolve, 50));
      snapshots = (await db.selectFrom('rating_snapshots').select('id').execute()).length;
    }
    assert.ok(snapshots >= 1, 'a refit ran although requests never paused for 200 ms');
    await refresher.close();
  });
});

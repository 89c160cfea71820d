import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { createCampaign } from '../services/campaigns/campaign-store.ts';
import { refitCampaign } from '../services/ranker/campaign-leaderboard.ts';
import { withDatabase } from './helpers/databases.ts';
import { recordWins, seedCampaign } from './helpers/fixtures.ts';

test('a simulated campaign is compared with a real one by rank correlation and MMRV', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const sim = await seedCampaign(db, { budget: 100 });
    const { campaignId: real } = await createCampaign(db, {
      name: 'real-robot',
      policies: ['expert', 'noisy-expert', 'lagged-expert', 'random'],
      tasks: ['push-cube'],
      budget: 100,
      maxInFlight: 1,
      pairing: 'uniform',
      judgementSources: ['auto'],
      start: false,
    });
    const ladder = ['expert', 'noisy-expert', 'lagged-expert', 'random'];
    // Simulation: a clean ladder. Real robots: the same, except lagged-expert beats noisy-expert.
    for (let i = 0; i < 3; i++) {
      await recordWins(db, sim, ladder[i]!, ladder[i + 1]!, 6);
      await recordWins(db, sim, ladder[i + 1]!, ladder[i]!, 2);
    }
    await recordWins(db, real, 'expert', 'lagged-expert', 6);
    await recordWins(db, real, 'lagged-expert', 'expert', 2);
    await recordWins(db, real, 'lagged-expert', 'noisy-expert', 6);
    await recordWins(db, real, 'noisy-expert', 'lagged-expert', 2);
    await recordWins(db, real, 'noisy-expert', 'random', 6);
    await recordWins(db, real, 'random', 'noisy-expert', 2);
    await refitCampaign(db, sim);
    await refitCampaign(db, real);

    const api = request(
      createApp({
        db,
        artifacts: new LocalDirectoryStore(dataDir),
        simCatalog: { policies: [], tasks: [] },
      }),
    );
    const { comparison } = (
      await api.get('/api/compare?sim=test-campaign&real=real-robot').expect(200)
    ).body;
    assert.deepEqual([...comparison.policies].sort(), [...ladder].sort());
    // One adjacent swap among four: Spearman 1 - 6·2/(4·15) = 0.8.
    assert.ok(Math.abs(comparison.spearman - 0.8) < 1e-9, `spearman ${comparison.spearman}`);
    assert.ok(comparison.pearson > 0.5 && comparison.pearson < 1);
    assert.ok(comparison.meanMaximumRankViolation > 0);
    const same = (await api.get('/api/compare?sim=test-campaign&real=test-campaign').expect(200))
      .body.comparison;
    assert.equal(same.spearman, 1);
    assert.equal(same.meanMaximumRankViolation, 0);

    const missing = await api.get('/api/compare?sim=test-campaign').expect(400);
    assert.equal(missing.body.problems[0].field, 'real');
    await api.get('/api/compare?sim=test-campaign&real=nonesuch').expect(404);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { setCampaignStatus } from '../services/campaigns/campaign-store.ts';
import { builtinPolicyNames, listTasks } from '../sim/index.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import {
  insertComparison,
  policyIdsByName,
  recordedEpisode,
  seedCampaign,
} from './helpers/fixtures.ts';

const simCatalog = { policies: builtinPolicyNames, tasks: listTasks() };

for (const backend of backends) {
  test(`${backend}: cancel stops a campaign for good, lets in-flight comparisons finish, and refuses a completed one`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const api = request(
        createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir) }),
      );
      const campaignId = await seedCampaign(db, { budget: 10, start: true });
      const ids = await policyIdsByName(db);
      const inFlight = await insertComparison(db, campaignId, {
        ordinal: 0,
        policyA: ids.get('expert')!,
        policyB: ids.get('random')!,
      });

      let res = await api.post(`/api/campaigns/${campaignId}/cancel`).expect(200);
      assert.equal(res.body.campaign.status, 'cancelled');
      // Repeating is a no-op; by name works as well as by id.
      res = await api.post('/api/campaigns/test-campaign/cancel').expect(200);
      assert.equal(res.body.campaign.status, 'cancelled');

      // Neither start nor pause brings it back.
      for (const action of ['start', 'pause']) {
        res = await api.post(`/api/campaigns/${campaignId}/${action}`).expect(409);
        assert.equal(res.body.problems[0].field, 'status');
        assert.match(res.body.error, /cancelled/);
      }

      // The comparison that was running when it was cancelled is still recorded.
      await recordComparisonResult(db, inFlight, {
        kind: 'completed',
        episodes: {
          A: recordedEpisode(inFlight, 'A', true),
          B: recordedEpisode(inFlight, 'B', false),
        },
      });
      res = await api.get(`/api/campaigns/${campaignId}`).expect(200);
      assert.equal(res.body.campaign.status, 'cancelled');
      assert.equal(res.body.campaign.progress.completed, 1);

      // A draft can be cancelled too; a completed campaign cannot.
      await api.post('/api/campaigns/nonesuch/cancel').expect(404);
      await setCampaignStatus(db, campaignId, 'cancelled', 'completed');
      res = await api.post(`/api/campaigns/${campaignId}/cancel`).expect(409);
      assert.match(res.body.error, /completed/);
    });
  });
}

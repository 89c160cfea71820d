import { Router } from 'express';
import { applyCampaignAction, createCampaign } from '../campaigns/campaign-store.ts';
import { getCampaignView, listCampaignViews } from '../campaigns/campaign-view.ts';
import { latestSnapshot } from '../ranker/campaign-leaderboard.ts';
import type { AppDeps } from './create-app.ts';
import { parseBody } from './http-errors.ts';
import { campaignRequest } from './request-schemas.ts';

/** Campaigns: create, list, progress, start/pause, leaderboard. `:ref` is an id or a name. */
export function campaignRoutes({ db, onCampaignChanged }: AppDeps): Router {
  const router = Router();

  router.get('/campaigns', async (_req, res) => {
    res.json({ campaigns: await listCampaignViews(db) });
  });

  router.post('/campaigns', async (req, res) => {
    const body = parseBody(campaignRequest, req.body);
    const { campaignId, created } = await createCampaign(db, body);
    onCampaignChanged?.(campaignId);
    res.status(created ? 201 : 200).json({ campaign: await getCampaignView(db, campaignId) });
  });

  router.get('/campaigns/:ref', async (req, res) => {
    res.json({ campaign: await getCampaignView(db, req.params.ref) });
  });

  for (const action of ['start', 'pause'] as const) {
    router.post(`/campaigns/:ref/${action}`, async (req, res) => {
      await applyCampaignAction(db, req.params.ref, action);
      const campaign = await getCampaignView(db, req.params.ref);
      onCampaignChanged?.(campaign.id);
      res.json({ campaign });
    });
  }

  router.get('/campaigns/:ref/leaderboard', async (req, res) => {
    const campaign = await getCampaignView(db, req.params.ref);
    res.json({
      campaign: { id: campaign.id, name: campaign.name },
      snapshot: await latestSnapshot(db, campaign.id),
    });
  });

  return router;
}

import { Router } from 'express';
import { applyCampaignAction, createCampaign } from '../campaigns/campaign-store.ts';
import { getCampaignView, listCampaignViews } from '../campaigns/campaign-view.ts';
import { latestSnapshot } from '../ranker/campaign-leaderboard.ts';
import type { AppDeps } from './create-app.ts';
import { parseBody, parseQuery } from './http-errors.ts';
import { requestIdOf } from './request-telemetry.ts';
import {
  battlesQuery,
  breakdownQuery,
  campaignRequest,
  compareQuery,
  leaderboardQuery,
  planQuery,
} from '../../contract/request-schemas.ts';
import { campaignBattles } from '../ranker/campaign-battles.ts';
import { compareCampaigns } from '../ranker/compare-campaigns.ts';
import { formatBattles } from '../ranking/battle-writer.ts';
import { assertPoliciesRunOnStations } from '../stations/station-compatibility.ts';
import { campaignAgreement, campaignBreakdown, campaignPlan } from '../ranker/campaign-analysis.ts';
import {
  campaignJudgeQuality,
  judgeQualitySettings,
  trustedSnapshot,
} from '../ranker/campaign-judges.ts';

/**
 * Campaigns: create, list, progress, start/pause/cancel, leaderboard, and the analyses behind it
 * (breakdowns, auto-vs-human agreement, judge quality, planning). `:ref` is an id or a name.
 */
export function campaignRoutes({ db, onCampaignChanged, stations }: AppDeps): Router {
  const router = Router();

  router.get('/campaigns', async (_req, res) => {
    res.json({ campaigns: await listCampaignViews(db) });
  });

  router.post('/campaigns', async (req, res) => {
    const body = parseBody(campaignRequest, req.body);
    if (stations !== undefined && body.stations !== undefined) {
      await assertPoliciesRunOnStations(db, stations, body.policies, body.stations);
    }
    const { campaignId, created } = await createCampaign(db, body, requestIdOf(res));
    onCampaignChanged?.(campaignId);
    res.status(created ? 201 : 200).json({ campaign: await getCampaignView(db, campaignId) });
  });

  router.get('/campaigns/:ref', async (req, res) => {
    res.json({ campaign: await getCampaignView(db, req.params.ref) });
  });

  for (const action of ['start', 'pause', 'cancel'] as const) {
    router.post(`/campaigns/:ref/${action}`, async (req, res) => {
      await applyCampaignAction(db, req.params.ref, action, requestIdOf(res));
      const campaign = await getCampaignView(db, req.params.ref);
      onCampaignChanged?.(campaign.id);
      res.json({ campaign });
    });
  }

  router.get('/campaigns/:ref/leaderboard', async (req, res) => {
    const { judges } = parseQuery(leaderboardQuery, req.query);
    const campaign = await getCampaignView(db, req.params.ref);
    res.json({
      campaign: { id: campaign.id, name: campaign.name },
      snapshot:
        judges === 'trusted'
          ? await trustedSnapshot(db, campaign.id)
          : await latestSnapshot(db, campaign.id),
    });
  });

  router.get('/campaigns/:ref/judges', async (req, res) => {
    const campaign = await getCampaignView(db, req.params.ref);
    res.json({ ...judgeQualitySettings, judges: await campaignJudgeQuality(db, campaign.id) });
  });

  // The judgements as Chatbot Arena battles, as `arena export` writes them.
  router.get('/campaigns/:ref/battles', async (req, res) => {
    const { format } = parseQuery(battlesQuery, req.query);
    const campaign = await getCampaignView(db, req.params.ref);
    const text = formatBattles(await campaignBattles(db, campaign.id), format);
    res.type(format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    res.set('content-disposition', `attachment; filename="${campaign.name}.${format}"`);
    res.send(text);
  });

  router.get('/campaigns/:ref/breakdown', async (req, res) => {
    const { by } = parseQuery(breakdownQuery, req.query);
    const campaign = await getCampaignView(db, req.params.ref);
    res.json({ by, groups: await campaignBreakdown(db, campaign.id, by) });
  });

  router.get('/campaigns/:ref/agreement', async (req, res) => {
    const campaign = await getCampaignView(db, req.params.ref);
    res.json({ agreement: await campaignAgreement(db, campaign.id) });
  });

  router.get('/compare', async (req, res) => {
    const { sim, real } = parseQuery(compareQuery, req.query);
    res.json({ comparison: await compareCampaigns(db, sim, real) });
  });

  router.get('/campaigns/:ref/plan', async (req, res) => {
    const { a, b } = parseQuery(planQuery, req.query);
    const campaign = await getCampaignView(db, req.params.ref);
    res.json({ plan: await campaignPlan(db, campaign.id, a, b) });
  });

  return router;
}

import { Router } from 'express';
import { campaignStations, getCampaignRow } from '../campaigns/campaign-store.ts';
import { campaignThroughput } from '../comparisons/campaign-throughput.ts';
import { countRunningComparisons } from '../comparisons/running-comparisons.ts';
import { recentComparisons } from '../comparisons/recent-comparisons.ts';
import type { LiveEvent, LiveEvents } from '../live/live-events.ts';
import { campaignRatingHistory } from '../ranker/rating-history.ts';
import type { AppDeps } from './create-app.ts';
import { parseQuery } from './http-errors.ts';
import { eventsQuery, recentComparisonsQuery } from '../../contract/view-queries.ts';

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
const heartbeatMs = 15_000;

/**
 * What the ranking dashboard reads besides the leaderboard: rating history, progress with
 * throughput and ETA, recent comparisons, and a server-sent-event stream saying when to refetch.
 */
export function dashboardRoutes(
  { db, rolloutQueue, stations }: AppDeps,
  events: LiveEvents,
): Router {
  const router = Router();

  router.get('/campaigns/:ref/history', async (req, res) => {
    const campaign = await getCampaignRow(db, req.params.ref);
    res.json({
      campaign: { id: campaign.id, name: campaign.name },
      points: await campaignRatingHistory(db, campaign.id),
    });
  });

  router.get('/campaigns/:ref/progress', async (req, res) => {
    const campaign = await getCampaignRow(db, req.params.ref);
    const progress = await campaignThroughput(db, campaign.id);
    const stationNames = await campaignStations(db, campaign.id);
    let running: number | undefined;
    if (stationNames.length > 0 && stations !== undefined) {
      // A station works on one comparison at a time: the ones in hand at its stations.
      const inHand = await Promise.all(stationNames.map((name) => stations.comparisonInHand(name)));
      running = inHand.filter((id) => id?.startsWith(`${campaign.id}-`) === true).length;
    } else if (stationNames.length === 0 && rolloutQueue !== undefined) {
      running = await countRunningComparisons(rolloutQueue, campaign.id);
    }
    if (running !== undefined) {
      // Jobs of comparisons recorded a moment ago can still be listed as active: clamp.
      progress.running = Math.min(progress.inFlight, running);
      progress.queued = progress.inFlight - progress.running;
    }
    res.json({ progress });
  });

  router.get('/campaigns/:ref/comparisons', async (req, res) => {
    const { limit } = parseQuery(recentComparisonsQuery, req.query);
    const campaign = await getCampaignRow(db, req.params.ref);
    res.json({ comparisons: await recentComparisons(db, campaign.id, limit) });
  });

  router.get('/events', (req, res) => {
    const { campaign } = parseQuery(eventsQuery, req.query);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream and deliver events in bursts.
      'x-accel-buffering': 'no',
    });
    // Tells the page the stream is live, so it can slow its fallback poll right away.
    res.write('retry: 3000\nevent: ready\ndata: {}\n\n');
    const send = (event: LiveEvent): void => {
      if (campaign !== undefined && event.campaignId !== campaign) return;
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    const unsubscribe = events.subscribe(send, () => {
      clearInterval(heartbeat);
      res.end();
    });
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  return router;
}

import type { Queue } from 'bullmq';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../runtime/sibling-module.ts';
import express, { type Express } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import { catalogRoutes } from './catalog-routes.ts';
import { episodeRoutes } from './episode-routes.ts';
import { judgingRoutes } from './judging-routes.ts';
import { campaignRoutes } from './campaign-routes.ts';
import { errorHandler } from './http-errors.ts';
import { jsonBody } from './json-body.ts';
import { adminRoutes, type AdminQueue } from './admin-routes.ts';
import { comparisonRoutes } from './comparison-routes.ts';
import { dashboardRoutes } from './dashboard-routes.ts';
import { LiveEvents } from '../live/live-events.ts';
import type { StationControl } from '../stations/station-control.ts';
import { stationRoutes } from './station-routes.ts';
import type { ServiceHealth } from '../health/service-health.ts';
import { openApiRoutes } from './openapi-routes.ts';
import type { EndpointNetworks } from '../../openpi/index.ts';
import { processLogger, type Logger } from '../../runtime/logger.ts';
import type { TrustProxy } from '../../runtime/config.ts';
import { ArenaMetrics } from '../metrics/arena-metrics.ts';
import { metricsRoutes } from './metrics-routes.ts';
import { requestTelemetry } from './request-telemetry.ts';
import { sessionRoutes } from './session-routes.ts';
import { authenticate } from '../auth/authenticate.ts';
import { authorize } from '../auth/authorize.ts';
import type { RateLimiter } from '../auth/rate-limits.ts';

/** What the simulator offers, so requests naming unknown tasks or policies fail at the door. */
export interface SimCatalog {
  policies: readonly string[];
  /** A policy family taking parameters after `?` (e.g. `degraded-expert?skill=0.5`), if any. */
  parameterisedPolicy?: string;
  tasks: readonly { name: string; instruction: string }[];
}

export interface AppDeps {
  db: Kysely<Database>;
  /** Where episodes' trajectories are read from. */
  artifacts: ArtifactStore;
  simCatalog: SimCatalog;
  /** Called after a human judgement was recorded, so the ranker refits that campaign. */
  onJudgement?: (campaignId: string) => void;
  /** Called when a campaign was created or started, so the scheduler supplies it right away. */
  onCampaignChanged?: (campaignId: string) => void;
  /** Queues shown on the admin queue dashboard (/admin/queues). */
  adminQueues?: readonly AdminQueue[];
  /** The rollout queue, to tell running comparisons from queued ones in campaign progress. */
  rolloutQueue?: Queue;
  /** HTTP Basic password of the admin pages; undefined keeps them closed (403). */
  adminPassword?: string | undefined;
  /** Real-robot stations' state and the evaluator's signals; station routes answer 503 without. */
  stations?: StationControl;
  /** Checks the database and Redis for `/api/health`; without it the endpoint answers ok. */
  health?: ServiceHealth;
  /** "Something changed" notices streamed to dashboards at /api/events; a private one if absent. */
  events?: LiveEvents;
  /** Where remote policies' servers may be; public addresses only when absent. */
  policyNetworks?: EndpointNetworks;
  /** Prometheus metrics served at /metrics; a registry of the app's own if absent. */
  metrics?: ArenaMetrics;
  /** Bearer token that opens /metrics beyond loopback; undefined keeps it loopback-only. */
  metricsToken?: string | undefined;
  /** Request and error log lines; if absent, the process's logger for warnings and errors only. */
  logger?: Logger;
  /** Express's `trust proxy`: which proxies' X-Forwarded-* headers to believe (none by default). */
  trustProxy?: TrustProxy;
  /** Signs session cookies (see services/auth); without it browsers cannot sign in, bearers can. */
  sessionSecret?: Buffer | undefined;
  /** Origins besides each request's own Host allowed to change things (the public URL). */
  trustedOrigins?: readonly string[];
  /** Requests without a credential from this machine act as a researcher (loopback-only serving). */
  trustLoopback?: boolean;
  /** Vote and sign-in limits, shared by replicas through Redis; per process when absent. */
  rateLimits?: RateLimiter;
}

/** The built browser side (`npm run build`, which `npm install` runs as `prepare`). */
const webDir = path.join(projectRoot, 'dist/web');

/** The JSON API under /api and the dashboard at /. Does not listen: the caller decides where. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  const metrics = deps.metrics ?? new ArenaMetrics({ db: deps.db });
  app.use(requestTelemetry(deps.logger ?? quietLogger(), metrics));
  app.use(metricsRoutes(metrics, deps.metricsToken));
  // Who is asking and whether they may, before a byte of the body is read.
  app.use('/api', authenticate(deps), authorize);
  app.use('/api', jsonBody());
  app.get('/api/health', async (_req, res) => {
    if (deps.health === undefined) return void res.json({ ok: true, status: 'ok' });
    const report = await deps.health.check();
    // 503 while degraded, so a load balancer sends requests to a replica that can serve them.
    res.status(report.status === 'ok' ? 200 : 503).json({ ok: report.status === 'ok', ...report });
  });
  app.use('/api', openApiRoutes());
  app.use('/api', sessionRoutes(deps));
  app.use('/api', catalogRoutes(deps));
  app.use('/api', campaignRoutes(deps));
  app.use('/api', episodeRoutes(deps));
  app.use('/api', judgingRoutes(deps));
  app.use('/api', stationRoutes(deps));
  app.use('/api', comparisonRoutes(deps));
  app.use('/api', dashboardRoutes(deps, deps.events ?? new LiveEvents()));
  app.use(adminRoutes(deps));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such API endpoint' });
  });
  app.use(express.static(webDir, { index: 'index.html', extensions: ['html'] }), webNotBuilt);
  app.use(errorHandler);
  return app;
}

/** An app built without a logger (as in tests) reports trouble, not every request. */
function quietLogger(): Logger {
  return processLogger().child({}, { level: 'warn' });
}

/** Reached only when dist/web has no such file: say how to build it rather than a bare 404. */
const webNotBuilt: express.RequestHandler = (_req, res, next) => {
  if (fs.existsSync(path.join(webDir, 'index.html'))) return next();
  res
    .status(503)
    .type('html')
    .send(
      '<!doctype html><title>policy-arena: web UI not built</title>' +
        '<h1>The web UI has not been built</h1>' +
        `<p>Run <code>npm run build</code> (npm install runs it too); the API under /api works without it. Looked in <code>${webDir}</code>.</p>`,
    );
};

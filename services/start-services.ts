import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { FlowProducer, Queue } from 'bullmq';
import { queueConnection } from '../queue/connection.ts';
import { comparisonQueueName, rolloutQueueName } from '../queue/names.ts';
import { queueEventsMaxLen } from '../queue/retention.ts';
import { builtinPolicyNames, listTasks, parameterisedPolicyName } from '../sim/index.ts';
import { createApp } from './api/create-app.ts';
import { DatabaseArtifactStore } from './artifacts/database-artifact-store.ts';
import { claimQueuePrefix } from './deployment/claim-queue-prefix.ts';
import { deploymentIdentity } from './deployment/deployment-identity.ts';
import { importDirectoryArtifacts } from './artifacts/import-directory-artifacts.ts';
import { LocalDirectoryStore } from './artifacts/local-directory-store.ts';
import { startComparisonProcessor } from './comparisons/comparison-processor.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openDatabase, type ArenaDatabase } from './db/open-database.ts';
import { RatingRefresher } from './ranker/rating-refresher.ts';
import { sharedRankingPool } from './ranker/ranking-pool.ts';
import { LiveEvents } from './live/live-events.ts';
import { RedisEventRelay } from './live/redis-event-relay.ts';
import { ServiceHealth } from './health/service-health.ts';
import { CampaignScheduler } from './scheduler/campaign-scheduler.ts';
import { StationControl } from './stations/station-control.ts';
import { attachPolicyRelay } from './stations/policy-relay.ts';
import { EndpointNetworks } from '../openpi/index.ts';
import type { JobSecret } from '../queue/job-secret.ts';
import { deploymentSecret, deploymentSecretText } from '../runtime/deployment-secret.ts';
import { ArenaMetrics } from './metrics/arena-metrics.ts';
import { processLogger, type Logger } from '../runtime/logger.ts';
import type { TrustProxy } from '../runtime/config.ts';
import { loadSessionKey } from './auth/server-secret.ts';
import { defaultRateLimits, RedisRateLimiter, type RateLimitSettings } from './auth/rate-limits.ts';

export interface ServicesOptions {
  redisUrl: string;
  queuePrefix: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * Where earlier versions stored trajectories as files (default `dataDir/artifacts`); they are
   * imported into the database at start-up, where every replica reads them.
   */
  artifactDir?: string;
  port: number;
  host?: string;
  /** Ratings refit delay after the last judgement; tests shorten it. */
  refitDebounceMs?: number;
  /** Password of the admin pages (queue dashboard); undefined keeps them closed. */
  adminPassword?: string | undefined;
  /** Start even when another deployment (another database) owns the queue prefix, and own it. */
  takeOverQueues?: boolean;
  /** Where robot stations reach these services; the listening address when undefined. */
  publicUrl?: string | undefined;
  /** Where remote policy servers may be; public addresses only by default. */
  policyNetworks?: EndpointNetworks;
  /** Seals remote policies' credentials into rollout jobs; by default the one in `dataDir`. */
  jobSecret?: JobSecret;
  /** Bearer token that opens /metrics beyond loopback; undefined keeps it loopback-only. */
  metricsToken?: string | undefined;
  /** Which proxies' X-Forwarded-* headers to believe (Express's `trust proxy`); none by default. */
  trustProxy?: TrustProxy;
  /** JSON log lines of requests and jobs; the process's logger (ARENA_LOG_LEVEL) by default. */
  logger?: Logger;
  /** ARENA_SECRET: the key signing session cookies; one kept in the database when undefined. */
  secret?: string | undefined;
  /** Votes and sign-ins per minute (ARENA_VOTES_PER_JUDGE_PER_MIN and the like). */
  rateLimits?: RateLimitSettings;
}

export interface RunningServices {
  database: ArenaDatabase;
  url: string;
  scheduler: CampaignScheduler;
  refresher: RatingRefresher;
  close(): Promise<void>;
}

/** How long shutdown waits for comparison jobs in hand before closing the database anyway. */
const shutdownGraceMs = 10_000;

/**
 * Starts everything that owns the database, in one process: migrations, the API and dashboard,
 * the campaign scheduler, the comparison processor and the ranker.
 */
export async function startServices(options: ServicesOptions): Promise<RunningServices> {
  const policyNetworks = options.policyNetworks ?? EndpointNetworks.publicOnly();
  const jobSecret =
    options.jobSecret ??
    deploymentSecret(deploymentSecretText(undefined, options.dataDir, { create: true })!);
  const database = openDatabase(options.databaseUrl, options.dataDir);
  let sessionSecret: Buffer;
  try {
    await migrateToLatest(database.db);
    await claimQueues(database.db, options);
    sessionSecret = await loadSessionKey(database.db, options.secret);
  } catch (error) {
    await database.close();
    throw error;
  }
  const { db } = database;
  const artifacts = new DatabaseArtifactStore(db);
  const imported = await importDirectoryArtifacts(
    db,
    new LocalDirectoryStore(options.artifactDir ?? path.join(options.dataDir, 'artifacts')),
    artifacts,
  );
  if (imported > 0) console.error(`arena: moved ${imported} trajectory files into the database`);
  const connection = queueConnection(options.redisUrl);
  const flows = new FlowProducer({ connection, prefix: options.queuePrefix });
  // Creating a queue records its event stream's bound in Redis, where workers read it.
  const streams = { events: { maxLen: queueEventsMaxLen } };
  const comparisonQueue = new Queue(comparisonQueueName, {
    connection,
    prefix: options.queuePrefix,
    streams,
  });
  // Only for the admin queue dashboard: services never add rollout jobs directly (flows do).
  const rolloutQueue = new Queue(rolloutQueueName, {
    connection,
    prefix: options.queuePrefix,
    streams,
  });
  // While Redis is away these report connection errors; unheard, an 'error' event would end the
  // process. Their clients reconnect by themselves and the work they carry waits meanwhile.
  flows.on('error', (error) => console.error(`flows: ${error.message}`));
  for (const queue of [comparisonQueue, rolloutQueue]) {
    queue.on('error', (error) => console.error(`${queue.name} queue: ${error.message}`));
  }
  const logger = options.logger ?? processLogger();
  const metrics = new ArenaMetrics({ db, queues: [comparisonQueue, rolloutQueue] });
  const health = new ServiceHealth(db, options.redisUrl);
  // Dashboards listen on /api/events and refetch when told a campaign changed.
  const events = new LiveEvents();
  // Through Redis, so dashboards on every API replica hear of changes made by any of them.
  const liveEvents = await RedisEventRelay.start(options.redisUrl, options.queuePrefix, events);
  sharedRankingPool().warm();
  const refresher = new RatingRefresher(db, {
    debounceMs: options.refitDebounceMs,
    onRefitTimed: (seconds, ok) => metrics.observeRefit(seconds, ok),
    onRefitted: (snapshot) =>
      liveEvents.publish({ type: 'ratings-refitted', campaignId: snapshot.campaignId }),
  });
  // Created once the server listens: stations reach policies through its address.
  const scheduler: { current?: CampaignScheduler } = {};
  const stations = new StationControl(options.redisUrl, options.queuePrefix);
  const rateLimits = new RedisRateLimiter(
    options.redisUrl,
    options.queuePrefix,
    options.rateLimits ?? defaultRateLimits,
  );
  const processor = startComparisonProcessor(db, {
    redisUrl: options.redisUrl,
    artifacts,
    queuePrefix: options.queuePrefix,
    metrics,
    logger,
    onRecorded: (outcome) => {
      if (outcome.recorded) refresher.requestRefit(outcome.campaignId);
      liveEvents.publish({ type: 'campaign-changed', campaignId: outcome.campaignId });
      scheduler.current?.nudge();
    },
  });
  const host = options.host ?? '127.0.0.1';
  const app = createApp({
    db,
    health,
    artifacts,
    simCatalog: {
      policies: builtinPolicyNames,
      parameterisedPolicy: parameterisedPolicyName,
      tasks: listTasks(),
    },
    onCampaignChanged: (campaignId) => {
      liveEvents.publish({ type: 'campaign-changed', campaignId });
      scheduler.current?.nudge();
    },
    onJudgement: (campaignId) => {
      liveEvents.publish({ type: 'campaign-changed', campaignId });
      refresher.requestRefit(campaignId);
    },
    events,
    stations,
    policyNetworks,
    metrics,
    metricsToken: options.metricsToken,
    logger,
    trustProxy: options.trustProxy ?? false,
    sessionSecret,
    trustedOrigins: options.publicUrl === undefined ? [] : [new URL(options.publicUrl).origin],
    // Listening beyond loopback, or published under a public URL, every request needs a credential.
    trustLoopback: isLoopbackHost(host) && options.publicUrl === undefined,
    rateLimits,
    adminPassword: options.adminPassword,
    rolloutQueue,
    adminQueues: [
      {
        queue: comparisonQueue,
        description: `prefix "${options.queuePrefix}": one job per paired comparison`,
      },
      {
        queue: rolloutQueue,
        description: `prefix "${options.queuePrefix}": one job per policy episode (sim workers)`,
      },
    ],
  });
  // What runs beside the HTTP server, closed in this order: background work first (comparisons
  // in hand finish), then connections; open event streams never end by themselves.
  const stopBackground = async (): Promise<void> => {
    await withDeadline(processor.close(), shutdownGraceMs);
    await refresher.close();
    events.close();
    liveEvents.close();
  };
  const closeConnections = async (): Promise<void> => {
    await Promise.all([flows.close(), comparisonQueue.close(), rolloutQueue.close()]);
    await stations.close();
    await rateLimits.close();
    health.close();
    await database.close();
  };
  let server: Server;
  try {
    server = await listen(app, options.port, host);
  } catch (error) {
    // A taken port must not leave a processor taking jobs and connections keeping the process
    // alive: the caller may retry on another port.
    await stopBackground();
    await closeConnections();
    throw error;
  }
  // Stations reach a comparison's policies at /policy-relay/<handle> on the same port.
  const relay = attachPolicyRelay(server, db, policyNetworks);
  const { port } = server.address() as AddressInfo;
  const url = `http://${displayHost(host)}:${port}`;
  if (options.publicUrl === undefined && displayHost(host) !== host) {
    // Listening on every interface but advertising loopback: a station on another machine
    // would be handed policy addresses it cannot reach.
    console.error(
      `arena: robot stations will reach policies at ${url}; set ARENA_PUBLIC_URL=http://<this host>:${port} if stations run on other machines`,
    );
  }
  const running = new CampaignScheduler(db, flows, comparisonQueue, {
    onCampaignCompleted: (campaignId) => void refresher.refitNow(campaignId),
    relayBaseUrl: (options.publicUrl ?? url).replace(/^http/, 'ws'),
    jobSecret,
  });
  scheduler.current = running;
  running.start();

  return {
    database,
    url,
    scheduler: running,
    refresher,
    close: async () => {
      await running.close();
      await stopBackground();
      await relay.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closeConnections();
    },
  };
}

/**
 * Makes this deployment the owner of its queue prefix, or refuses to start: two deployments on
 * one prefix would take each other's comparisons.
 */
async function claimQueues(db: ArenaDatabase['db'], options: ServicesOptions): Promise<void> {
  const deploymentId = await deploymentIdentity(db);
  const previous = await claimQueuePrefix(options.redisUrl, options.queuePrefix, deploymentId, {
    takeOver: options.takeOverQueues,
  });
  if (previous !== null) {
    console.error(
      `arena: took over queue prefix "${options.queuePrefix}" from deployment ${previous}`,
    );
  }
}

/** A wildcard address is where the server listens, not where a browser should go. */
function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
  });
}

function withDeadline(promise: Promise<void>, ms: number): Promise<void> {
  return Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
}

/** A listening address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

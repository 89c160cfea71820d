import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { FlowProducer, Queue } from 'bullmq';
import { queueConnection } from '../queue/connection.ts';
import { comparisonQueueName, rolloutQueueName } from '../queue/names.ts';
import { builtinPolicyNames, listTasks, parameterisedPolicyName } from '../sim/index.ts';
import { createApp } from './api/create-app.ts';
import { LocalDirectoryStore } from './artifacts/local-directory-store.ts';
import { startComparisonProcessor } from './comparisons/comparison-processor.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openDatabase, type ArenaDatabase } from './db/open-database.ts';
import { RatingRefresher } from './ranker/rating-refresher.ts';
import { LiveEvents } from './live/live-events.ts';
import { RedisEventRelay } from './live/redis-event-relay.ts';
import { CampaignScheduler } from './scheduler/campaign-scheduler.ts';
import { StationControl } from './stations/station-control.ts';
import { attachPolicyRelay } from './stations/policy-relay.ts';
import { loadServerSecret } from './auth/server-secret.ts';

export interface ServicesOptions {
  redisUrl: string;
  queuePrefix: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where trajectories are stored; default `dataDir/artifacts`. */
  artifactDir?: string;
  port: number;
  host?: string;
  /** Ratings refit delay after the last judgement; tests shorten it. */
  refitDebounceMs?: number;
  /** Password of the admin pages (queue dashboard); undefined keeps them closed. */
  adminPassword?: string | undefined;
  /** Where robot stations reach these services; the listening address when undefined. */
  publicUrl?: string | undefined;
  /** ARENA_SECRET: the key signing session cookies; a file in `dataDir` when undefined. */
  secret?: string | undefined;
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
  const database = openDatabase(options.databaseUrl, options.dataDir);
  await migrateToLatest(database.db);
  const { db } = database;
  const connection = queueConnection(options.redisUrl);
  const flows = new FlowProducer({ connection, prefix: options.queuePrefix });
  const comparisonQueue = new Queue(comparisonQueueName, {
    connection,
    prefix: options.queuePrefix,
  });
  // Only for the admin queue dashboard: services never add rollout jobs directly (flows do).
  const rolloutQueue = new Queue(rolloutQueueName, { connection, prefix: options.queuePrefix });
  // Dashboards listen on /api/events and refetch when told a campaign changed.
  const events = new LiveEvents();
  // Through Redis, so dashboards on every API replica hear of changes made by any of them.
  const liveEvents = await RedisEventRelay.start(options.redisUrl, options.queuePrefix, events);
  const refresher = new RatingRefresher(db, {
    debounceMs: options.refitDebounceMs,
    onRefitted: (snapshot) =>
      liveEvents.publish({ type: 'ratings-refitted', campaignId: snapshot.campaignId }),
  });
  // Created once the server listens: stations reach policies through its address.
  const scheduler: { current?: CampaignScheduler } = {};
  const stations = new StationControl(options.redisUrl, options.queuePrefix);
  const artifacts = new LocalDirectoryStore(
    options.artifactDir ?? path.join(options.dataDir, 'artifacts'),
  );
  const processor = startComparisonProcessor(db, {
    redisUrl: options.redisUrl,
    artifacts,
    queuePrefix: options.queuePrefix,
    onRecorded: (outcome) => {
      if (outcome.recorded) refresher.requestRefit(outcome.campaignId);
      liveEvents.publish({ type: 'campaign-changed', campaignId: outcome.campaignId });
      scheduler.current?.nudge();
    },
  });
  const app = createApp({
    db,
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
    sessionSecret: loadServerSecret(options.secret, options.dataDir),
    trustedOrigins: options.publicUrl === undefined ? [] : [new URL(options.publicUrl).origin],
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
    await database.close();
  };
  const host = options.host ?? '127.0.0.1';
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
  const relay = attachPolicyRelay(server, db);
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

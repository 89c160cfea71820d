import { EndpointNetworks } from '../../openpi/index.ts';
import { JobSecret } from '../../queue/job-secret.ts';
import { startServices, type RunningServices } from '../../services/start-services.ts';
import { spawnSimWorkers } from '../../workers/worker-pool.ts';
import { withDatabaseLocation, type BackendName } from './databases.ts';
import { testRedisUrl, withQueuePrefix } from './redis.ts';
import { tokenFor } from './auth.ts';

export interface ServicesOptions {
  /** Sim worker processes to run beside the services (default none). */
  simWorkers?: number;
  refitDebounceMs?: number;
}

/**
 * Where tests' policy servers listen (`ARENA_POLICY_NETWORKS` for the services and their sim
 * workers): the one loopback address they use, since the default allows public addresses only.
 */
export const testPolicyNetworks = '127.0.0.1/32';

/**
 * Runs `fn` against the whole services process (API on a free port, scheduler, comparison
 * processor, ranker) on a fresh database of the given kind and a queue prefix of its own, with
 * real sim worker processes if asked for; stops the workers, then the services, afterwards.
 */
export async function withServices<T>(
  backend: BackendName,
  options: ServicesOptions,
  fn: (services: RunningServices, queuePrefix: string) => Promise<T>,
): Promise<T> {
  return withQueuePrefix((queuePrefix) =>
    withDatabaseLocation(backend, async ({ databaseUrl, dataDir }) => {
      // Shared by the services and their workers, as `arena up` shares it.
      const secret = JobSecret.generateText();
      const services = await startServices({
        jobSecret: JobSecret.fromText(secret),
        redisUrl: testRedisUrl,
        queuePrefix,
        databaseUrl,
        dataDir,
        port: 0,
        refitDebounceMs: options.refitDebounceMs,
        policyNetworks: EndpointNetworks.parse(testPolicyNetworks),
      });
      researchers.set(services, await tokenFor(services.database.db, 'researcher'));
      const workers =
        options.simWorkers === undefined
          ? null
          : spawnSimWorkers(options.simWorkers, {
              redisUrl: testRedisUrl,
              queuePrefix,
              policyNetworks: testPolicyNetworks,
              secret,
            });
      try {
        return await fn(services, queuePrefix);
      } finally {
        await workers?.stop();
        await services.close();
      }
    }),
  );
}

const researchers = new WeakMap<RunningServices, string>();

/** The researcher token `withServices` made for these services. */
export function researcherOf(services: RunningServices): string {
  const token = researchers.get(services);
  if (token === undefined) throw new Error('these services were not started by withServices');
  return token;
}

/**
 * POSTs `body` as JSON to `baseUrl + path` as a program does: with `token` as a bearer, or
 * without one, which the services (listening on loopback) take from this machine as a researcher.
 */
export function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<Response> {
  const authorization: Record<string, string> =
    token === undefined ? {} : { authorization: `Bearer ${token}` };
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorization },
    body: JSON.stringify(body),
  });
}

/** GETs `baseUrl + path` with `token` as a bearer. */
export function getWith(baseUrl: string, path: string, token: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

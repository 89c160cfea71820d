import path from 'node:path';
import { EndpointNetworks, EndpointNetworksError } from '../openpi/index.ts';
import { LogLevelError, parseLogLevel, type LogLevel } from './logger.ts';

/** Everything the processes read from the environment, with the defaults that make `npm run demo` work. */
export interface ArenaConfig {
  /** `redis://…`; undefined means "find a local redis-server or start one". */
  redisUrl: string | undefined;
  /** `postgres://…`; undefined means the embedded SQLite database under `dataDir`. */
  databaseUrl: string | undefined;
  /** Where the embedded database, a self-started Redis and artifacts live. */
  dataDir: string;
  /** Where trajectories and other episode artifacts are stored. */
  artifactDir: string;
  /** HTTP port of the API and dashboard; 0 picks a free one. */
  port: number;
  /** Address the API listens on: loopback by default, `0.0.0.0` to serve other machines. */
  host: string;
  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  /** Start even when another deployment owns `queuePrefix`, and make it this one's. */
  takeOverQueues: boolean;
  /** Password of the admin pages (queue dashboard); undefined keeps them closed. */
  adminPassword: string | undefined;
  /**
   * `http(s)://host:port` at which robot stations reach these services (for the policy relay);
   * undefined means the address the API listens on.
   */
  publicUrl: string | undefined;
  /** Where remote policy servers may be (`ARENA_POLICY_NETWORKS`): public addresses by default. */
  policyNetworks: EndpointNetworks;
  /**
   * `ARENA_SECRET`, shared by services and workers: sealing credentials into job data and
   * signing session cookies each use a key derived from it. Undefined: the job key is the one
   * generated into `dataDir` (see deployment-secret.ts) and the cookie key a random one kept in
   * the database, which every replica sharing it uses.
   */
  secret: string | undefined;
  /** Least severe level the JSON logs on standard error carry (`ARENA_LOG_LEVEL`). */
  logLevel: LogLevel;
  /**
   * Bearer token that opens `/metrics` to requests from beyond loopback (`ARENA_METRICS_TOKEN`);
   * undefined serves metrics to direct loopback connections only.
   */
  metricsToken: string | undefined;
  /**
   * Express's `trust proxy` (`ARENA_TRUST_PROXY`): which hops' X-Forwarded-* headers are
   * believed; false believes none.
   */
  trustProxy: TrustProxy;
  /** Votes per minute per judge and per address, sign-ins per minute per address. */
  rateLimits: {
    votesPerJudge: number;
    votesPerAddress: number;
    signInsPerAddress: number;
  };
}

/** `false`, a number of hops, or addresses and names (`loopback`, `10.0.0.0/8`, …). */
export type TrustProxy = boolean | number | string;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ArenaConfig {
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// or postgresql:// (got "${databaseUrl}"); unset it to use the embedded database`,
    );
  }
  const redisUrl = nonEmpty(env.REDIS_URL);
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss:// (got "${redisUrl}")`);
  }
  const publicUrl = nonEmpty(env.ARENA_PUBLIC_URL);
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(publicUrl)) {
    throw new ConfigError(
      `ARENA_PUBLIC_URL must be http(s)://host:port, the address stations reach the services at (got "${publicUrl}")`,
    );
  }
  const dataDir = path.resolve(nonEmpty(env.ARENA_DATA_DIR) ?? 'data');
  const host = nonEmpty(env.HOST) ?? '127.0.0.1';
  return {
    redisUrl,
    databaseUrl,
    dataDir,
    artifactDir: path.resolve(nonEmpty(env.ARENA_ARTIFACT_DIR) ?? path.join(dataDir, 'artifacts')),
    port: parsePort(env.PORT),
    host,
    queuePrefix: nonEmpty(env.ARENA_QUEUE_PREFIX) ?? 'arena',
    takeOverQueues: parseFlag('ARENA_TAKE_OVER_QUEUES', env.ARENA_TAKE_OVER_QUEUES),
    adminPassword: nonEmpty(env.ARENA_ADMIN_PASSWORD),
    publicUrl,
    policyNetworks: parsePolicyNetworks(env.ARENA_POLICY_NETWORKS),
    secret: nonEmpty(env.ARENA_SECRET),
    logLevel: parseLogLevelSetting(env.ARENA_LOG_LEVEL),
    metricsToken: nonEmpty(env.ARENA_METRICS_TOKEN),
    trustProxy: parseTrustProxy(env.ARENA_TRUST_PROXY),
    rateLimits: {
      votesPerJudge: parseRate(
        'ARENA_VOTES_PER_JUDGE_PER_MIN',
        env.ARENA_VOTES_PER_JUDGE_PER_MIN,
        20,
      ),
      votesPerAddress: parseRate(
        'ARENA_VOTES_PER_ADDRESS_PER_MIN',
        env.ARENA_VOTES_PER_ADDRESS_PER_MIN,
        200,
      ),
      signInsPerAddress: parseRate(
        'ARENA_SIGN_INS_PER_ADDRESS_PER_MIN',
        env.ARENA_SIGN_INS_PER_ADDRESS_PER_MIN,
        30,
      ),
    },
  };
}

function parseLogLevelSetting(raw: string | undefined): LogLevel {
  try {
    return parseLogLevel(raw);
  } catch (error) {
    if (error instanceof LogLevelError) throw new ConfigError(error.message);
    throw error;
  }
}

function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = nonEmpty(raw);
  if (value === undefined || value === '0' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function parsePolicyNetworks(raw: string | undefined): EndpointNetworks {
  const setting = nonEmpty(raw);
  if (setting === undefined) return EndpointNetworks.publicOnly();
  try {
    return EndpointNetworks.parse(setting);
  } catch (error) {
    if (!(error instanceof EndpointNetworksError)) throw error;
    throw new ConfigError(`ARENA_POLICY_NETWORKS ${error.message}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseRate(name: string, raw: string | undefined, fallback: number): number {
  const value = nonEmpty(raw);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) {
    throw new ConfigError(`${name} must be a whole number from 1 to 1000000 (got "${raw}")`);
  }
  return Number(value);
}

function parseFlag(name: string, raw: string | undefined): boolean {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be 1 or 0 (got "${raw}")`);
}

function parsePort(raw: string | undefined): number {
  const defaultPort = 8080;
  if (nonEmpty(raw) === undefined) return defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535 (got "${raw}")`);
  }
  return port;
}

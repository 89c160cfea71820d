import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** A Redis the processes can use, and how to let go of it. */
export interface RedisHandle {
  url: string;
  /** True when this process started redis-server and `stop()` will shut it down. */
  ownsServer: boolean;
  stop(): Promise<void>;
}

/** Where `acquireRedis` looks and what it runs; tests point them elsewhere. */
export interface LocalRedisOptions {
  /** The Redis tried before starting one. Default redis://127.0.0.1:6379. */
  localUrl?: string;
  /** The server binary, looked up on PATH. Default redis-server. */
  serverCommand?: string;
}

const defaultLocalUrl = 'redis://127.0.0.1:6379';
const startupTimeoutMs = 10_000;

/**
 * Resolves the Redis to use: `configuredUrl` when given; otherwise a Redis already answering on
 * 127.0.0.1:6379; otherwise a `redis-server` from PATH started as a child process on a free
 * loopback port, with its append-only file under `dataDir/redis` so a restart loses no job.
 */
export async function acquireRedis(
  configuredUrl: string | undefined,
  dataDir: string,
  options: LocalRedisOptions = {},
): Promise<RedisHandle> {
  const found = await findRedis(configuredUrl, dataDir, options);
  if (found !== undefined) return externalRedis(found);
  return startRedisServer(path.join(dataDir, 'redis'), options.serverCommand ?? 'redis-server');
}

/**
 * The Redis a process that must not start one (a sim worker) should use: `configuredUrl`, a
 * Redis on 127.0.0.1:6379, or the one `arena up` started for this data directory.
 */
export async function findRedis(
  configuredUrl: string | undefined,
  dataDir: string,
  { localUrl = defaultLocalUrl }: LocalRedisOptions = {},
): Promise<string | undefined> {
  if (configuredUrl !== undefined) return configuredUrl;
  if (await answersPing(localUrl)) return localUrl;
  const started = readStartedUrl(path.join(dataDir, 'redis'));
  if (started !== undefined && (await answersPing(started))) return started;
  return undefined;
}

const startedUrlFile = 'url';

function readStartedUrl(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, startedUrlFile), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function externalRedis(url: string): RedisHandle {
  return { url, ownsServer: false, stop: () => Promise.resolve() };
}

export async function answersPing(url: string, timeoutMs = 500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function startRedisServer(dir: string, command: string): Promise<RedisHandle> {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  const child = spawn(
    command,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      // BullMQ loses jobs silently under any eviction policy.
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitUntilReady(child, url, command);
  // Lets `arena worker sim` on this machine find this Redis without REDIS_URL.
  fs.writeFileSync(path.join(dir, startedUrlFile), `${url}\n`);
  return {
    url,
    ownsServer: true,
    stop: async () => {
      fs.rmSync(path.join(dir, startedUrlFile), { force: true });
      await stopChild(child);
    },
  };
}

function waitUntilReady(child: ChildProcess, url: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + startupTimeoutMs;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new RedisUnavailableError(
              `No Redis answers and ${command} is not on PATH. ` +
                'Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) ' +
                'or set REDIS_URL=redis://host:port.',
            )
          : error,
      );
    });
    child.once('exit', (code) =>
      reject(new RedisUnavailableError(`redis-server exited with code ${code}: ${stderr.trim()}`)),
    );
    const poll = async (): Promise<void> => {
      if (await answersPing(url, 200)) return resolve();
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        return reject(
          new RedisUnavailableError(
            `redis-server did not answer on ${url} within ${startupTimeoutMs} ms`,
          ),
        );
      }
      setTimeout(() => void poll(), 100);
    };
    void poll();
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

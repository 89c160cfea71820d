import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { answersPing, freeLoopbackPort } from '../../runtime/local-redis.ts';
import { waitFor } from './fixtures.ts';

/**
 * A throwaway server of a test's own, on a free loopback port, that the test may stop and start
 * again without disturbing the shared Redis and PostgreSQL every other test uses.
 */
export interface PrivateServer {
  url: string;
  /** Stops the server the way an operator's restart does (it finishes nothing in flight). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

const postgresBin = (): string => {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort();
  const latest = versions.at(-1);
  if (latest === undefined) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return path.join('/usr/lib/postgresql', latest, 'bin');
};

/** PostgreSQL refuses to run as root: when root, run it as the `postgres` system user. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return [
    'setpriv',
    ['--reuid=postgres', '--regid=postgres', '--clear-groups', '--', command, ...args],
  ];
}

/** A private PostgreSQL cluster (initdb in a temp directory, trust auth for `root`). */
export async function withPrivatePostgres<T>(
  fn: (server: PrivateServer) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-pg-'));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const bin = postgresBin();
  const [initCommand, initArgs] = asPostgresUser(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'root',
    '--no-sync',
  ]);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freeLoopbackPort();
  const url = `postgres://root@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | null = null;
  const server: PrivateServer = {
    url,
    start: async () => {
      const [command, args] = asPostgresUser(path.join(bin, 'postgres'), [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
      ]);
      child = spawn(command, args, { stdio: 'ignore' });
      await waitFor(() => answersQuery(url), { timeoutMs: 20_000, what: 'PostgreSQL to start' });
    },
    stop: () => stopChild(child, 'SIGINT'), // SIGINT: fast shutdown, sessions are terminated
  };
  try {
    await server.start();
    return await fn(server);
  } finally {
    await stopChild(child, 'SIGINT');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function answersQuery(url: string): Promise<true | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A private redis-server with an append-only file, as `arena up` starts one (noeviction). */
export async function withPrivateRedis<T>(fn: (server: PrivateServer) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-redis-'));
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const server: PrivateServer = {
    url,
    start: async () => {
      child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--save',
          '',
          '--maxmemory-policy',
          'noeviction',
        ],
        { stdio: 'ignore' },
      );
      await waitFor(async () => ((await answersPing(url, 200)) ? true : undefined), {
        timeoutMs: 10_000,
        what: 'redis-server to start',
      });
    },
    stop: () => stopChild(child, 'SIGKILL'),
  };
  try {
    await server.start();
    return await fn(server);
  } finally {
    await stopChild(child, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function stopChild(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

// `arena up` as an operator runs it: a taken port or another deployment's queue prefix stops it
// with advice instead of silently moving elsewhere; only `arena demo` falls back to a free port.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { queueOwnerKey } from '../services/deployment/claim-queue-prefix.ts';
import { withDatabaseLocation } from './helpers/databases.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const root = path.resolve(import.meta.dirname, '..');
const arenaArgs = ['--import', 'tsx', 'cli/arena.ts'];

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

async function arena(args: string[], env: Record<string, string>): Promise<Exit> {
  return promisify(execFile)(process.execPath, [...arenaArgs, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** Runs `fn` with a loopback port that another server holds. */
async function withTakenPort<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fn((server.address() as net.AddressInfo).port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const withEnv = <T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> =>
  withQueuePrefix((queuePrefix) =>
    withDatabaseLocation('sqlite', ({ dataDir }) =>
      fn({
        REDIS_URL: testRedisUrl,
        ARENA_QUEUE_PREFIX: queuePrefix,
        ARENA_DATA_DIR: dataDir,
        DATABASE_URL: '',
      }),
    ),
  );

test('arena up on a taken port exits naming the port, PORT and --port', async () => {
  await withEnv((env) =>
    withTakenPort(async (port) => {
      const run = await arena(['up', '--sim-workers', '0'], { ...env, PORT: String(port) });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`arena: port ${port} is taken`));
      assert.match(run.stderr, /set PORT \(or --port\)/);
      assert.doesNotMatch(run.stderr, /free port instead/);
    }),
  );
});

test('arena up on a queue prefix owned by another deployment exits naming ARENA_QUEUE_PREFIX and the override', async () => {
  await withEnv(async (env) => {
    const redis = new Redis(testRedisUrl);
    try {
      await redis.set(queueOwnerKey(env.ARENA_QUEUE_PREFIX!), 'dep_elsewhere');
      const run = await arena(['up', '--sim-workers', '0', '--port', '0'], env);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /belong to another deployment \(dep_elsewhere/);
      assert.match(run.stderr, /ARENA_QUEUE_PREFIX/);
      assert.match(run.stderr, /ARENA_TAKE_OVER_QUEUES=1 \(or arena up --take-over-queues\)/);
      assert.equal(await redis.get(queueOwnerKey(env.ARENA_QUEUE_PREFIX!)), 'dep_elsewhere');
    } finally {
      redis.disconnect();
    }
  });
});

test('arena demo on a taken port falls back to a free one and completes', async () => {
  await withEnv((env) =>
    withTakenPort(async (port) => {
      const run = await arena(
        ['demo', '--exit', '--json', '--budget', '1', '--sim-workers', '1', '--port', String(port)],
        env,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`port ${port} is taken; using a free port instead`));
      const board = JSON.parse(run.stdout) as { policy: string; comparisons: number }[];
      assert.equal(
        board.reduce((n, row) => n + row.comparisons, 0),
        2,
        'one comparison, counted for each of its two policies',
      );
    }),
  );
});

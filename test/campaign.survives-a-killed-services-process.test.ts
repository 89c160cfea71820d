import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../services/db/open-database.ts';
import { freeLoopbackPort } from '../runtime/local-redis.ts';
import { builtinPolicyNames } from '../sim/index.ts';
import { withDatabaseLocation } from './helpers/databases.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { getWith, postJson } from './helpers/services.ts';
import { tokenFor } from './helpers/auth.ts';

const arena = fileURLToPath(new URL('../cli/arena.ts', import.meta.url));
const budget = 24;

function startArenaUp(env: NodeJS.ProcessEnv, port: number): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', arena, 'up', '--sim-workers', '1', '--port', String(port)],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

async function progress(
  url: string,
  token: string,
): Promise<{ status: string; completed: number } | undefined> {
  try {
    const res = await getWith(url, '/api/campaigns/crash', token);
    const body = (await res.json()) as {
      campaign: { status: string; progress: { completed: number } };
    };
    return { status: body.campaign.status, completed: body.campaign.progress.completed };
  } catch {
    return undefined; // not listening yet
  }
}

test('a campaign whose services process is killed with SIGKILL resumes on restart and counts every comparison once', async () => {
  await withQueuePrefix(async (queuePrefix) =>
    withDatabaseLocation('sqlite', async ({ dataDir }) => {
      const env = {
        REDIS_URL: testRedisUrl,
        ARENA_QUEUE_PREFIX: queuePrefix,
        ARENA_DATA_DIR: dataDir,
        DATABASE_URL: '',
      };
      const port = await freeLoopbackPort();
      const url = `http://127.0.0.1:${port}`;
      let arenaUp = startArenaUp(env, port);
      try {
        const listening = (): Promise<true | undefined> =>
          fetch(`${url}/api/health`).then(
            () => true as const,
            () => undefined,
          );
        await waitFor(listening, { timeoutMs: 30_000, what: 'arena up to listen' });
        // A researcher token, made as `arena token create` would, beside the running services.
        const database = openDatabase(undefined, dataDir);
        const researcher = await tokenFor(database.db, 'researcher');
        await database.close();
        const post = (path: string, body: unknown): Promise<Response> =>
          postJson(url, path, body, researcher);
        for (const name of builtinPolicyNames)
          await post('/api/policies', { name, kind: 'builtin', builtin: name });
        await post('/api/tasks', { name: 'task', simTask: firstSimTask.name });
        const created = await post('/api/campaigns', {
          name: 'crash',
          policies: [...builtinPolicyNames],
          tasks: ['task'],
          budget,
          maxInFlight: 4,
          start: true,
        });
        assert.equal(created.status, 201);
        await waitFor(
          async () => (((await progress(url, researcher))?.completed ?? 0) >= 3 ? true : undefined),
          {
            timeoutMs: 60_000,
            what: 'the first comparisons',
          },
        );

        const exited = new Promise((resolve) => arenaUp.once('exit', resolve));
        arenaUp.kill('SIGKILL');
        await exited;

        arenaUp = startArenaUp(env, port);
        const final = await waitFor(
          async () => {
            const p = await progress(url, researcher);
            return p?.status === 'completed' ? p : undefined;
          },
          {
            timeoutMs: 120_000,
            intervalMs: 250,
            what: 'the campaign to complete after the restart',
          },
        );
        assert.equal(final.completed, budget);
      } finally {
        const exited = new Promise((resolve) => arenaUp.once('exit', resolve));
        arenaUp.kill('SIGTERM');
        await exited;
      }

      const database = openDatabase(undefined, dataDir);
      try {
        const { db } = database;
        const judgements = await db.selectFrom('judgements').select('comparison_id').execute();
        assert.equal(judgements.length, budget);
        assert.equal(new Set(judgements.map((j) => j.comparison_id)).size, budget);
        assert.equal((await db.selectFrom('episodes').select('id').execute()).length, 2 * budget);
        const statuses = await db.selectFrom('comparisons').select('status').execute();
        assert.equal(statuses.filter((s) => s.status === 'completed').length, budget);
        assert.equal(statuses.filter((s) => s.status === 'queued').length, 0);
      } finally {
        await database.close();
      }
    }),
  );
});

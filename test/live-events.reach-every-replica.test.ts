import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServices } from '../services/start-services.ts';
import { withDatabaseLocation } from './helpers/databases.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { postJson } from './helpers/services.ts';
import { bearer, tokenFor } from './helpers/auth.ts';

/** Reads a server-sent-event stream until `wanted` appears in it. */
async function readUntil(
  url: string,
  token: string,
  wanted: RegExp,
  signal: AbortSignal,
): Promise<string> {
  const response = await fetch(url, { signal, headers: bearer(token) });
  assert.equal(response.status, 200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before ${wanted}: ${text}`);
    text += value;
    if (wanted.test(text)) return text;
  }
}

test('a dashboard on one API replica hears of a change made through another', async () => {
  await withQueuePrefix(async (queuePrefix) => {
    await withDatabaseLocation('postgres', async ({ databaseUrl, dataDir }) => {
      const options = { redisUrl: testRedisUrl, queuePrefix, databaseUrl, dataDir, port: 0 };
      const first = await startServices(options);
      const second = await startServices(options);
      const timeout = AbortSignal.timeout(20_000);
      // Both replicas share the database, so a token made through one is good on the other.
      const researcher = await tokenFor(first.database.db, 'researcher');
      try {
        const heard = readUntil(
          `${second.url}/api/events`,
          researcher,
          /campaign-changed/,
          timeout,
        );
        // Let the stream open before the change is made.
        await new Promise((resolve) => setTimeout(resolve, 300));
        for (const name of ['expert', 'random']) {
          const res = await postJson(
            first.url,
            '/api/policies',
            {
              name,
              kind: 'builtin',
              builtin: name,
            },
            researcher,
          );
          assert.equal(res.status, 201);
        }
        await postJson(first.url, '/api/tasks', { name: 'reach', simTask: 'reach' }, researcher);
        const created = await postJson(
          first.url,
          '/api/campaigns',
          {
            name: 'replicated',
            policies: ['expert', 'random'],
            tasks: ['reach'],
            budget: 1,
          },
          researcher,
        );
        assert.equal(created.status, 201);
        const { campaign } = (await created.json()) as { campaign: { id: string } };
        const text = await heard;
        assert.ok(text.includes(campaign.id), text);
      } finally {
        await second.close();
        await first.close();
      }
    });
  });
});

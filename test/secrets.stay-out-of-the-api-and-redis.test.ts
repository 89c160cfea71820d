import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { serveBuiltinPolicy } from '../openpi/index.ts';
import { backends } from './helpers/databases.ts';
import { waitFor } from './helpers/fixtures.ts';
import { testRedisUrl } from './helpers/redis.ts';
import { postJson, withServices } from './helpers/services.ts';

const apiKey = 'k3y-0f-the-lab-9d1f';
const password = 'pa55w0rd-7c2e';
const token = 't0ken-41ab';
const secrets = [apiKey, password, token];

for (const backend of backends) {
  test(`${backend}: API keys and URL credentials are used but never shown nor queued in the clear`, async () => {
    const server = await serveBuiltinPolicy('expert', { port: 0, apiKey });
    const endpoint = `ws://lab:${password}@127.0.0.1:${server.port}/?token=${token}`;
    try {
      await withServices(
        backend,
        { simWorkers: 1, refitDebounceMs: 100 },
        async (services, prefix) => {
          const post = (path: string, body: unknown) => postJson(services.url, path, body);
          const get = async (path: string): Promise<string> => {
            const res = await fetch(`${services.url}${path}`);
            assert.equal(res.status, 200, path);
            return res.text();
          };
          const answers: string[] = [];
          const registered = await post('/api/policies', {
            name: 'remote',
            kind: 'openpi',
            endpoint,
            apiKey,
          });
          assert.equal(registered.status, 201);
          answers.push(await registered.text());
          const listed = await get('/api/policies');
          answers.push(listed);
          const shown = (
            JSON.parse(listed) as {
              policies: { name: string; endpoint: string; hasApiKey: boolean }[];
            }
          ).policies.find((p) => p.name === 'remote')!;
          assert.equal(shown.endpoint, `ws://***@127.0.0.1:${server.port}/?token=***`);
          assert.equal(shown.hasApiKey, true);
          // The credentials are used: the server refuses connections without the key.
          const health = await get('/api/policies/remote/health');
          answers.push(health);
          assert.equal(JSON.parse(health).health.ok, true, health);

          await post('/api/policies', { name: 'random', kind: 'builtin', builtin: 'random' });
          await post('/api/tasks', { name: 'reach', simTask: 'reach' });
          const created = await post('/api/campaigns', {
            name: 'sealed',
            policies: ['remote', 'random'],
            tasks: ['reach'],
            budget: 2,
            seed: 5,
            start: true,
          });
          assert.equal(created.status, 201);
          const comparisons = await waitFor(
            async () => {
              const body = JSON.parse(await get('/api/campaigns/sealed/comparisons')) as {
                comparisons: { id: string; status: string }[];
              };
              const done = body.comparisons.filter((c) => c.status === 'completed');
              return done.length === 2 ? done : undefined;
            },
            { timeoutMs: 120_000, intervalMs: 250, what: 'both comparisons to complete' },
          );
          for (const { id } of comparisons) answers.push(await get(`/api/comparisons/${id}`));
          answers.push(await get('/api/campaigns/sealed'));
          for (const answer of answers) {
            for (const secret of secrets)
              assert.ok(!answer.includes(secret), `an API answer holds ${secret}`);
          }

          // Everything the queues keep (job data, results, failure reasons: what the admin
          // board shows) holds the remote spec only sealed.
          const stored = await redisContents(`${prefix}:*`);
          assert.ok(stored.includes('sealedSpec'), 'the rollout jobs were read');
          assert.ok(stored.includes(`ws://***@127.0.0.1:${server.port}/?token=***`));
          for (const secret of secrets)
            assert.ok(!stored.includes(secret), `Redis holds ${secret}`);
        },
      );
    } finally {
      await server.close();
    }
  });
}

/** Every value under the keys matching `pattern`, as one text. */
async function redisContents(pattern: string): Promise<string> {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  const parts: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'string') parts.push((await redis.get(key)) ?? '');
        else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
        else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
        else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        parts.push(key);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return parts.join('\n');
}

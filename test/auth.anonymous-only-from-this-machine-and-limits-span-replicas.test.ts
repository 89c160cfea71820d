import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from '../services/api/create-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { RedisRateLimiter } from '../services/auth/rate-limits.ts';
import { agentWith, tokenFor } from './helpers/auth.ts';
import { withDatabase } from './helpers/databases.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const simCatalog = { policies: [], tasks: [] };

test('a request without a credential acts as a researcher only from this machine, while serving loopback alone', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    const local = createApp({ db, artifacts, simCatalog, trustLoopback: true });
    await request(local).get('/api/campaigns').expect(200);
    // Passed on by a proxy on this machine, or a page under another name (DNS rebinding).
    await request(local).get('/api/campaigns').set('x-forwarded-for', '203.0.113.9').expect(401);
    await request(local).get('/api/campaigns').set('forwarded', 'for=203.0.113.9').expect(401);
    await request(local).get('/api/campaigns').set('host', 'rebound.example:8080').expect(401);
    // A write from another site's page is refused even from this machine.
    await request(local)
      .post('/api/tasks')
      .set('origin', 'http://evil.example')
      .send({ name: 'push', simTask: 'push-cube' })
      .expect(403);
    // Listening beyond loopback, nothing is anonymous, and a judge is not a researcher.
    const published = createApp({ db, artifacts, simCatalog, trustLoopback: false });
    await request(published).get('/api/campaigns').expect(401);
    await request(published).post('/api/tasks').send({ name: 'push', simTask: 'x' }).expect(401);
    const judge = agentWith(published, await tokenFor(db, 'judge'));
    await judge.get('/api/campaigns').expect(403);
    await agentWith(published, await tokenFor(db, 'researcher'))
      .get('/api/campaigns')
      .expect(200);
    assert.equal(
      (await db.selectFrom('tasks').select('id').execute()).length,
      0,
      'no refused write stored a task',
    );
  });
});

test('vote limits are counted in Redis, so two replicas share one budget per judge', async () => {
  await withQueuePrefix(async (prefix) => {
    const settings = { votesPerJudge: 3, votesPerAddress: 1000, signInsPerAddress: 30 };
    const replicas = [
      new RedisRateLimiter(testRedisUrl, prefix, settings),
      new RedisRateLimiter(testRedisUrl, prefix, settings),
    ];
    try {
      const taken: boolean[] = [];
      for (let i = 0; i < 5; i++) taken.push(await replicas[i % 2]!.take('vote-judge', 'judge-1'));
      assert.deepEqual(taken, [true, true, true, false, false]);
      // Another judge has a budget of their own.
      assert.equal(await replicas[1]!.take('vote-judge', 'judge-2'), true);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });
});

test('a judge over the limit is answered 429 with Retry-After, whatever the vote', async () => {
  await withQueuePrefix(async (prefix) => {
    await withDatabase('sqlite', async ({ db }, { dataDir }) => {
      const rateLimits = new RedisRateLimiter(testRedisUrl, prefix, {
        votesPerJudge: 2,
        votesPerAddress: 1000,
        signInsPerAddress: 30,
      });
      try {
        const app = createApp({
          db,
          artifacts: new LocalDirectoryStore(dataDir),
          simCatalog,
          rateLimits,
        });
        const judge = agentWith(app, await tokenFor(db, 'judge'));
        const vote = { ticket: 'AAAAAAAAAAAAAAAAAAAAAAAA', choice: 'left' };
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++)
          statuses.push((await judge.post('/api/judging/votes').send(vote)).status);
        assert.deepEqual(statuses, [404, 404, 429]);
        const limited = await judge.post('/api/judging/votes').send(vote).expect(429);
        assert.equal(limited.headers['retry-after'], '60');
        assert.match(limited.body.error, /^judge:/);
      } finally {
        await rateLimits.close();
      }
    });
  });
});

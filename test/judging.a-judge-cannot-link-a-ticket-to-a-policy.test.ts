import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../services/api/create-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { signSession } from '../services/auth/session-cookie.ts';
import { principalOfToken } from '../services/auth/api-tokens.ts';
import { refitCampaign } from '../services/ranker/campaign-leaderboard.ts';
import { builtinPolicyNames } from '../sim/index.ts';
import { agentWith, tokenFor } from './helpers/auth.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { seedJudgeableComparisons } from './helpers/judging-fixture.ts';

/** Every route the app serves, as express lists them (all routers are mounted at /api). */
function routesOf(app: Express): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  }
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        for (const method of Object.keys(layer.route.methods)) {
          const path = layer.route.path.startsWith('/api')
            ? layer.route.path
            : `/api${layer.route.path}`;
          routes.push({ method, path });
        }
      } else if (layer.handle?.stack !== undefined) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return routes;
}

/** Every way to fill a route's parameters from what a judge knows, and from good guesses. */
function fillings(path: string, known: readonly string[]): string[] {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  let paths = [path];
  for (const name of names) {
    const values =
      name === 'view' ? ['left', 'right'] : known.flatMap((k) => [k, `${k}-A`, `${k}-B`]);
    paths = paths.flatMap((p) => values.map((v) => p.replace(`:${name}`, encodeURIComponent(v))));
  }
  return paths;
}

const simCatalog = { policies: [...builtinPolicyNames], tasks: [] };

for (const backend of backends) {
  test(`${backend}: no route a judge or an evaluator can reach links a ticket to a policy or a comparison`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const artifacts = new LocalDirectoryStore(dataDir);
      const { campaignId, comparisonIds } = await seedJudgeableComparisons(db, artifacts, 2);
      const app = createApp({ db, artifacts, simCatalog });
      const judge = agentWith(app, await tokenFor(db, 'judge'));
      const { ticket } = (await judge.get('/api/judging/next').expect(200)).body as {
        ticket: string;
      };
      const secrets = [...builtinPolicyNames, campaignId, ...comparisonIds, 'test-campaign'];
      const crawlers = {
        judge,
        evaluator: agentWith(app, await tokenFor(db, 'evaluator', 'lab-1')),
        station: agentWith(app, await tokenFor(db, 'station', 'lab-1')),
      };
      let tried = 0;
      let answered = 0;
      for (const [role, agent] of Object.entries(crawlers)) {
        for (const { method, path } of routesOf(app)) {
          if (method === 'delete') continue; // signing out
          // The API's own description, the same for everyone: it lists what the built-in
          // policies are called, as the README does, and nothing about any comparison.
          if (path === '/api/openapi.json') continue;
          for (const url of fillings(path, [ticket, 'lab-1', campaignId])) {
            for (const query of ['', `?ticket=${ticket}&id=${ticket}&campaign=${campaignId}`]) {
              const call =
                method === 'get'
                  ? agent.get(url + query)
                  : agent.post(url + query).send({ ticket, choice: 'tie' });
              const res = await call.timeout(5000);
              tried++;
              if (res.status >= 400) continue;
              answered++;
              const text = res.text + JSON.stringify(res.headers);
              for (const secret of secrets) {
                assert.ok(
                  !text.includes(secret),
                  `${role}: ${method.toUpperCase()} ${url}${query} answered ${res.status} naming "${secret}"`,
                );
              }
              // A replay's validator would let it be matched against one fetched elsewhere.
              if (url.includes('/judging/replays/'))
                assert.equal(res.headers.etag, undefined, `${role}: ${url} sends an ETag`);
            }
          }
        }
      }
      // The crawl reached the judge's own routes (so it did look), and nothing else.
      assert.ok(tried > 100 && answered >= 3, `tried ${tried}, answered ${answered}`);
    });
  });

  test(`${backend}: forged votes, fake judges, anonymous and cross-site writes change nothing`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const artifacts = new LocalDirectoryStore(dataDir);
      const { campaignId } = await seedJudgeableComparisons(db, artifacts, 2);
      const judged: string[] = [];
      const secret = Buffer.from('test session key');
      const app = createApp({
        db,
        artifacts,
        simCatalog,
        sessionSecret: secret,
        onJudgement: (c) => judged.push(c),
      });
      const before = await refitCampaign(db, campaignId);
      const count = async (table: 'judgements' | 'campaigns' | 'policies'): Promise<number> =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const stored = { judgements: await count('judgements'), campaigns: await count('campaigns') };

      const judgeToken = await tokenFor(db, 'judge');
      const mine = (await agentWith(app, judgeToken).get('/api/judging/next').expect(200)).body
        .ticket as string;
      // A ticket never issued, another judge's ticket, and a vote naming a judge.
      const other = agentWith(app, await tokenFor(db, 'judge'));
      await other
        .post('/api/judging/votes')
        .send({ ticket: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', choice: 'right' })
        .expect(404);
      await other.post('/api/judging/votes').send({ ticket: mine, choice: 'right' }).expect(404);
      const named = await other
        .post('/api/judging/votes')
        .send({ judge: 'someone-else', ticket: mine, choice: 'right' })
        .expect(400);
      assert.match(named.body.error, /judge/);
      // 200 made-up judges: no token, made-up tokens, and well-formed but unissued ones.
      for (let i = 0; i < 200; i++) {
        const forged = request(app).post('/api/judging/votes');
        if (i % 2 === 1) forged.set('authorization', `Bearer arena_${'x'.repeat(38)}${i}`);
        const res = await forged.send({ ticket: mine, choice: 'right' });
        assert.equal(res.status, 401, `fake judge ${i} answered ${res.status}`);
      }
      // Anonymous writes, and a session cookie sent from another site.
      await request(app)
        .post('/api/campaigns')
        .send({ name: 'x', policies: ['expert', 'random'], tasks: ['t'], budget: 1 })
        .expect(401);
      const researcherToken = await tokenFor(db, 'researcher');
      const researcher = (await principalOfToken(db, researcherToken))!;
      const cookie = `arena_session=${signSession(secret, researcher.tokenId)}`;
      for (const origin of ['http://evil.example', undefined]) {
        const res = request(app).post(`/api/campaigns/${campaignId}/cancel`).set('cookie', cookie);
        if (origin !== undefined) res.set('origin', origin);
        await res.send({}).expect(403);
      }
      await agentWith(app, researcherToken)
        .post(`/api/campaigns/${campaignId}/pause`)
        .set('origin', 'http://evil.example')
        .send({})
        .expect(403);
      // A forged cookie is no session.
      await request(app)
        .get(`/api/campaigns/${campaignId}`)
        .set('cookie', `arena_session=${researcher.tokenId}.99999999999.forged`)
        .expect(401);
      // The same cookie from this site works (so the refusals above were about the origin).
      const host = '127.0.0.1';
      await request(app)
        .get(`/api/campaigns/${campaignId}`)
        .set('cookie', cookie)
        .set('host', host)
        .expect(200);

      assert.equal(await count('judgements'), stored.judgements);
      assert.equal(await count('campaigns'), stored.campaigns);
      assert.deepEqual(judged, []);
      const status = await db
        .selectFrom('campaigns')
        .select('status')
        .where('id', '=', campaignId)
        .executeTakeFirstOrThrow();
      assert.notEqual(status.status, 'cancelled');
      const after = await refitCampaign(db, campaignId);
      assert.deepEqual(
        after.leaderboard.map((r) => [r.policy, r.rating, r.comparisons]),
        before.leaderboard.map((r) => [r.policy, r.rating, r.comparisons]),
      );
    });
  });

  test(`${backend}: only the station's evaluator may signal or score it`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      // No queue: a request that got past authorization would answer 503, so 401/403 here
      // are the credential checks themselves.
      const app = createApp({ db, artifacts: new LocalDirectoryStore(dataDir), simCatalog });
      const scores = {
        ticket: 'AAAAAAAAAAAAAAAAAAAAAAAA',
        progressA: 10,
        progressB: 90,
        preference: 'B',
        evaluator: 'mallory',
      };
      const path = '/api/stations/lab-1/evaluations';
      await request(app).post(path).send(scores).expect(401);
      for (const [role, station] of [
        ['judge', undefined],
        ['evaluator', 'lab-2'],
        ['station', 'lab-1'],
      ] as const) {
        const agent = agentWith(app, await tokenFor(db, role, station));
        await agent.post(path).send(scores).expect(403);
        await agent
          .post('/api/stations/lab-1/signals')
          .send({ ...scores, signal: 'start-A' })
          .expect(403);
      }
      await agentWith(app, await tokenFor(db, 'evaluator', 'lab-1'))
        .post(path)
        .send(scores)
        .expect(503);
    });
  });
}

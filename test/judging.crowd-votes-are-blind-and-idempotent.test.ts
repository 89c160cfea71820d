import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { trajectoryKey } from '../services/comparisons/comparison-processor.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { episodeTrajectoryJson } from '../services/episodes/episode-trajectory.ts';
import { builtinPolicyNames, encodeTrajectory, runEpisode } from '../sim/index.ts';
import { issueTicket } from '../services/judging/judging-ticket.ts';
import { principalOfToken } from '../services/auth/api-tokens.ts';
import { agentWith, tokenFor } from './helpers/auth.ts';
import { defaultRateLimits, MemoryRateLimiter } from '../services/auth/rate-limits.ts';
import { seedJudgeableComparisons } from './helpers/judging-fixture.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import {
  firstSimTask,
  insertComparison,
  recordedEpisode,
  seedCampaign,
} from './helpers/fixtures.ts';

for (const backend of backends) {
  test(`${backend}: a crowd judge gets unjudged comparisons as left/right replays and votes once each`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const artifacts = new LocalDirectoryStore(dataDir);
      const campaignId = await seedCampaign(db, { budget: 3, judgementSources: ['auto', 'crowd'] });
      const ids = await db.selectFrom('policies').select(['id', 'name']).orderBy('name').execute();
      for (let ordinal = 0; ordinal < 3; ordinal++) {
        const id = `${campaignId}-${ordinal}`;
        await insertComparison(db, campaignId, {
          ordinal,
          policyA: ids[0]!.id,
          policyB: ids[1]!.id,
        });
        const episodes = { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) };
        for (const [side, policy] of [
          ['A', 'expert'],
          ['B', 'random'],
        ] as const) {
          const outcome = await runEpisode(
            { task: firstSimTask.name, seed: ordinal, policy },
            { record: true },
          );
          const key = trajectoryKey(campaignId, id, side);
          await artifacts.put(key, encodeTrajectory(outcome.trajectory!));
          episodes[side].trajectoryRef = key;
        }
        await recordComparisonResult(db, id, { kind: 'completed', episodes });
      }
      const judged: string[] = [];
      const app = createApp({
        db,
        artifacts,
        simCatalog: { policies: [], tasks: [] },
        onJudgement: (c) => judged.push(c),
        // As when listening beyond loopback: a request without a credential is nobody's.
        trustLoopback: false,
      });
      // A judge is whoever holds the token: the API takes no judge id from the request.
      const judgeToken = await tokenFor(db, 'judge');
      const judge = (await principalOfToken(db, judgeToken))!.tokenId;
      const api = agentWith(app, judgeToken);
      const otherJudge = agentWith(app, await tokenFor(db, 'judge'));

      let res = await api.get('/api/judging/next?exclude=x').expect(400);
      assert.equal(res.body.problems[0].field, 'exclude[0]');
      await request(app).get('/api/judging/next').expect(401);
      await api.get(`/api/comparisons/${campaignId}-0`).expect(403);

      const first = (await api.get('/api/judging/next').expect(200)).body;
      assert.equal(first.instruction, firstSimTask.instruction);
      // 24 random bytes in URL-safe base64: unguessable, and no comparison id inside.
      assert.match(first.ticket, /^[A-Za-z0-9_-]{32}$/);
      assert.ok(!first.ticket.includes(campaignId));
      const left = await api.get(first.replays.left).expect(200);
      const right = await api.get(first.replays.right).expect(200);
      for (const body of [JSON.stringify(first), left.text, right.text]) {
        for (const name of builtinPolicyNames)
          assert.ok(!body.includes(name), `a judging response names ${name}`);
        assert.ok(!body.includes(campaignId), 'a judging response names the campaign');
      }
      // Nothing but the motion differs between the views: the same headers, no validators.
      const headerNames = (r: { headers: Record<string, string> }): string[] =>
        Object.keys(r.headers)
          .filter((h) => h !== 'date' && h !== 'content-length')
          .sort();
      assert.deepEqual(headerNames(left), headerNames(right));
      for (const view of [left, right]) {
        assert.equal(view.headers.etag, undefined);
        assert.equal(view.headers['last-modified'], undefined);
        assert.equal(view.headers['cache-control'], 'no-store');
        assert.ok(!('seed' in view.body) && !('perturbation' in view.body));
      }
      const stored = await db
        .selectFrom('judging_tickets')
        .selectAll()
        .where('ticket', '=', first.ticket)
        .executeTakeFirstOrThrow();
      const leftIsA = stored.left_side === 'A';
      const episodeA = await episodeTrajectoryJson(db, artifacts, `${stored.comparison_id}-A`);
      assert.equal(
        JSON.stringify(left.body.bodyPositions) === JSON.stringify(episodeA.bodyPositions),
        leftIsA,
        "the left view shows the episode stored as the ticket's left side",
      );
      assert.notEqual(left.text, right.text);
      // Asking again before voting gives the same ticket, so a reload shows the same sides.
      const again = (await api.get('/api/judging/next').expect(200)).body;
      if (again.ticket !== first.ticket) {
        // Three comparisons tie for fewest judgements; the same one need not come first, but
        // one comparison never gets two tickets for one judge.
        const mine = await db
          .selectFrom('judging_tickets')
          .select('comparison_id')
          .where('judge', '=', `crowd:${judge}`)
          .execute();
        assert.equal(new Set(mine.map((t) => t.comparison_id)).size, mine.length);
      }
      // Another judge cannot use this judge's ticket, for replays or votes.
      await otherJudge.get(first.replays.left).expect(404);
      await otherJudge
        .post('/api/judging/votes')
        .send({ ticket: first.ticket, choice: 'left' })
        .expect(404);

      const prefetched = (await api.get(`/api/judging/next?exclude=${first.ticket}`).expect(200))
        .body;
      assert.notEqual(prefetched.ticket, first.ticket);

      const vote = { ticket: first.ticket, choice: 'left', comment: 'smoother grasp' };
      await api.post('/api/judging/votes').send(vote).expect(201);
      // The ticket is spent: its replays are no longer served.
      await api.get(first.replays.left).expect(404);
      await api.post('/api/judging/votes').send(vote).expect(200);
      res = await api
        .post('/api/judging/votes')
        .send({ ...vote, choice: 'right' })
        .expect(409);
      assert.match(res.body.error, /already judged/);
      const votes = await db
        .selectFrom('judgements')
        .selectAll()
        .where('source', '=', 'crowd')
        .execute();
      assert.equal(votes.length, 1);
      assert.equal(votes[0]!.outcome, leftIsA ? 'A' : 'B');
      assert.equal(votes[0]!.comment, 'smoother grasp');
      assert.deepEqual(judged, [campaignId]);

      res = await api
        .post('/api/judging/votes')
        .send({ ...vote, choice: 'up' })
        .expect(400);
      assert.equal(res.body.problems[0].field, 'choice');
      await api
        .post('/api/judging/votes')
        .send({ ...vote, ticket: 'a-ticket-never-issued-to-anyone' })
        .expect(404);

      for (let k = 0; k < 2; k++) {
        const next = (await api.get('/api/judging/next').expect(200)).body;
        assert.notEqual(next.ticket, first.ticket, 'a judged comparison is not offered again');
        await api
          .post('/api/judging/votes')
          .send({ ticket: next.ticket, choice: 'both-failed' })
          .expect(201);
      }
      await api.get('/api/judging/next').expect(204);
      const bothFailed = await db
        .selectFrom('judgements')
        .select(['outcome', 'both_failed'])
        .where('both_failed', '=', 1)
        .execute();
      assert.deepEqual(bothFailed, [
        { outcome: 'tie', both_failed: 1 },
        { outcome: 'tie', both_failed: 1 },
      ]);
      // Another judge still gets all three.
      assert.equal((await otherJudge.get('/api/judging/next').expect(200)).status, 200);
    });
  });
}

for (const backend of backends) {
  test(`${backend}: the left side of each ticket is drawn at random and stored`, async () => {
    await withDatabase(backend, async ({ db }) => {
      const campaignId = await seedCampaign(db, { budget: 1, judgementSources: ['crowd'] });
      const ids = await db.selectFrom('policies').select('id').orderBy('name').execute();
      await insertComparison(db, campaignId, {
        ordinal: 0,
        policyA: ids[0]!.id,
        policyB: ids[1]!.id,
      });
      const comparisonId = `${campaignId}-0`;
      const judges = 400;
      let aOnLeft = 0;
      const tickets = new Set<string>();
      for (let i = 0; i < judges; i++) {
        const issued = await issueTicket(db, `crowd:judge-${i}`, comparisonId);
        assert.deepEqual(await issueTicket(db, `crowd:judge-${i}`, comparisonId), issued);
        tickets.add(issued.ticket);
        if (issued.leftSide === 'A') aOnLeft++;
      }
      assert.equal(tickets.size, judges);
      // Fair coin: P(|X - 200| > 40) < 1e-4 for X ~ Binomial(400, 1/2).
      assert.ok(Math.abs(aOnLeft - judges / 2) <= 40, `A on the left for ${aOnLeft} of ${judges}`);
      // Consecutive judges do not alternate (the old hash-derived order flipped with parity).
      const rows = await db.selectFrom('judging_tickets').select(['judge', 'left_side']).execute();
      const byJudge = new Map(rows.map((r) => [r.judge, r.left_side]));
      let flips = 0;
      for (let i = 1; i < judges; i++)
        if (byJudge.get(`crowd:judge-${i}`) !== byJudge.get(`crowd:judge-${i - 1}`)) flips++;
      assert.ok(Math.abs(flips - (judges - 1) / 2) <= 40, `${flips} flips in ${judges - 1}`);
    });
  });
}

for (const backend of backends) {
  test(`${backend}: a judge voting faster than anyone watches replays is slowed down`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const artifacts = new LocalDirectoryStore(dataDir);
      await seedJudgeableComparisons(db, artifacts, 1);
      const app = createApp({
        db,
        artifacts,
        simCatalog: { policies: [], tasks: [] },
        rateLimits: new MemoryRateLimiter({ ...defaultRateLimits, votesPerJudge: 10 }),
      });
      const api = agentWith(app, await tokenFor(db, 'judge'));
      const { ticket } = (await api.get('/api/judging/next').expect(200)).body as {
        ticket: string;
      };
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          (await api.post('/api/judging/votes').send({ ticket, choice: 'tie' })).status,
        );
      assert.deepEqual(statuses, [201, ...Array<number>(9).fill(200), 429, 429]);
      // Another judge at the same address is not held up by this one.
      const other = agentWith(app, await tokenFor(db, 'judge'));
      await other.get('/api/judging/next').expect(200);
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { trajectoryKey } from '../services/comparisons/comparison-processor.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { episodeShownOn } from '../services/judging/side-assignment.ts';
import { builtinPolicyNames, encodeTrajectory, runEpisode } from '../sim/index.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import {
  firstSimTask,
  insertComparison,
  recordedEpisode,
  seedCampaign,
} from './helpers/fixtures.ts';

const judge = 'judge-0001';

test('sides are assigned to judges at random, about half each way', () => {
  let aOnLeft = 0;
  for (let i = 0; i < 2000; i++)
    if (episodeShownOn(`judge-${i}`, 'camp_x-3', 'left') === 'A') aOnLeft++;
  assert.ok(aOnLeft > 900 && aOnLeft < 1100, `A shown on the left to ${aOnLeft} of 2000 judges`);
  assert.notEqual(episodeShownOn(judge, 'c-1', 'left'), episodeShownOn(judge, 'c-1', 'right'));
});

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
      const api = request(
        createApp({
          db,
          artifacts,
          simCatalog: { policies: [], tasks: [] },
          onJudgement: (c) => judged.push(c),
        }),
      );

      let res = await api.get('/api/judging/next?judge=x').expect(400);
      assert.equal(res.body.problems[0].field, 'judge');

      const first = (await api.get(`/api/judging/next?judge=${judge}`).expect(200)).body;
      assert.equal(first.instruction, firstSimTask.instruction);
      const left = await api.get(first.replays.left).expect(200);
      const right = await api.get(first.replays.right).expect(200);
      for (const body of [JSON.stringify(first), left.text, right.text]) {
        for (const name of builtinPolicyNames)
          assert.ok(!body.includes(name), `a judging response names ${name}`);
      }
      const episodeA = (await api.get(`/api/episodes/${first.ticket}-A/trajectory`).expect(200))
        .text;
      const leftIsA = episodeShownOn(judge, first.ticket, 'left') === 'A';
      assert.equal(
        left.text === episodeA,
        leftIsA,
        'the left view shows the episode the judge was assigned',
      );
      assert.notEqual(left.text, right.text);

      const prefetched = (
        await api.get(`/api/judging/next?judge=${judge}&exclude=${first.ticket}`).expect(200)
      ).body;
      assert.notEqual(prefetched.ticket, first.ticket);

      const vote = { judge, ticket: first.ticket, choice: 'left', comment: 'smoother grasp' };
      await api.post('/api/judging/votes').send(vote).expect(201);
      await api.post('/api/judging/votes').send(vote).expect(200);
      res = await api
        .post('/api/judging/votes')
        .send({ ...vote, choice: 'right' })
        .expect(409);
      assert.match(res.body.error, /already judged/);
      const stored = await db
        .selectFrom('judgements')
        .selectAll()
        .where('source', '=', 'crowd')
        .execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.outcome, leftIsA ? 'A' : 'B');
      assert.equal(stored[0]!.comment, 'smoother grasp');
      assert.deepEqual(judged, [campaignId]);

      res = await api
        .post('/api/judging/votes')
        .send({ ...vote, choice: 'up' })
        .expect(400);
      assert.equal(res.body.problems[0].field, 'choice');
      await api
        .post('/api/judging/votes')
        .send({ ...vote, ticket: 'nonesuch' })
        .expect(404);

      for (let k = 0; k < 2; k++) {
        const next = (await api.get(`/api/judging/next?judge=${judge}`).expect(200)).body;
        assert.notEqual(next.ticket, first.ticket, 'a judged comparison is not offered again');
        await api
          .post('/api/judging/votes')
          .send({ judge, ticket: next.ticket, choice: 'both-failed' })
          .expect(201);
      }
      await api.get(`/api/judging/next?judge=${judge}`).expect(204);
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
      assert.equal((await api.get('/api/judging/next?judge=judge-0002').expect(200)).status, 200);
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { refitCampaign } from '../services/ranker/campaign-leaderboard.ts';
import { principalOfToken } from '../services/auth/api-tokens.ts';
import { agentWith, researcherAgent, tokenFor } from './helpers/auth.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { insertComparison, recordedEpisode, seedCampaign } from './helpers/fixtures.ts';

const comparisons = 12;

for (const backend of backends) {
  test(`${backend}: a judge voting against the automatic outcome is flagged and the trusted leaderboard drops their votes`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const campaignId = await seedCampaign(db, {
        budget: comparisons,
        judgementSources: ['auto', 'crowd'],
      });
      const ids = new Map(
        (await db.selectFrom('policies').select(['id', 'name']).execute()).map((p) => [
          p.name,
          p.id,
        ]),
      );
      // Expert (A) succeeds and random (B) fails in every comparison: the automatic outcome is A.
      // Judging needs a stored replay reference, not the replay itself, to offer a comparison.
      for (let ordinal = 0; ordinal < comparisons; ordinal++) {
        const id = await insertComparison(db, campaignId, {
          ordinal,
          policyA: ids.get('expert')!,
          policyB: ids.get('random')!,
        });
        const episodes = { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) };
        episodes.A.trajectoryRef = `${id}-A`;
        episodes.B.trajectoryRef = `${id}-B`;
        await recordComparisonResult(db, id, { kind: 'completed', episodes });
      }
      const app = createApp({
        db,
        artifacts: new LocalDirectoryStore(dataDir),
        simCatalog: { policies: [], tasks: [] },
        trustLoopback: false,
      });

      /** Votes on every comparison offered, for the expert or against it. */
      const judgeAll = async (forExpert: boolean): Promise<string> => {
        const token = await tokenFor(db, 'judge');
        const judge = agentWith(app, token);
        for (let k = 0; k < comparisons; k++) {
          const { ticket } = (await judge.get('/api/judging/next').expect(200)).body as {
            ticket: string;
          };
          const { left_side } = await db
            .selectFrom('judging_tickets')
            .select('left_side')
            .where('ticket', '=', ticket)
            .executeTakeFirstOrThrow();
          const expertOnLeft = left_side === 'A';
          const choice = expertOnLeft === forExpert ? 'left' : 'right';
          await judge.post('/api/judging/votes').send({ ticket, choice }).expect(201);
        }
        await judge.get('/api/judging/next').expect(204);
        return `crowd:${(await principalOfToken(db, token))!.tokenId}`;
      };
      const honest = [await judgeAll(true), await judgeAll(true), await judgeAll(true)];
      const adversary = await judgeAll(false);
      await refitCampaign(db, campaignId);

      const researcher = await researcherAgent(app, db);
      const answer = (await researcher.get('/api/campaigns/test-campaign/judges').expect(200)).body;
      assert.equal(answer.alpha, 0.05);
      assert.equal(answer.minVotes, 10);
      const byJudge = new Map(
        (
          answer.judges as {
            judge: string;
            flagged: boolean;
            rate: number;
            decisiveVotes: number;
          }[]
        ).map((j) => [j.judge, j]),
      );
      assert.equal(byJudge.size, 4);
      assert.equal(byJudge.get(adversary)?.flagged, true);
      assert.equal(byJudge.get(adversary)?.rate, 0);
      for (const judge of honest) {
        assert.equal(byJudge.get(judge)?.flagged, false);
        assert.equal(byJudge.get(judge)?.rate, 1);
        assert.equal(byJudge.get(judge)?.decisiveVotes, comparisons);
      }

      type Row = { policy: string; wins: number; losses: number };
      const board = async (
        query: string,
      ): Promise<{ judgementCount: number; leaderboard: Row[] }> => {
        const { snapshot } = (
          await researcher.get(`/api/campaigns/test-campaign/leaderboard${query}`).expect(200)
        ).body;
        return snapshot;
      };
      const expertRow = (rows: Row[]): Row => rows.find((r) => r.policy === 'expert')!;
      const all = await board('');
      assert.deepEqual(await board('?judges=all'), all);
      assert.equal(all.judgementCount, comparisons * 5);
      assert.equal(expertRow(all.leaderboard).losses, comparisons);
      const trusted = await board('?judges=trusted');
      assert.equal(trusted.judgementCount, comparisons * 4);
      assert.equal(expertRow(trusted.leaderboard).losses, 0);
      assert.equal(expertRow(trusted.leaderboard).wins, comparisons * 4);

      const res = await researcher
        .get('/api/campaigns/test-campaign/leaderboard?judges=some')
        .expect(400);
      assert.equal(res.body.problems[0].field, 'judges');
      // Judge quality names judges and policies: researchers only.
      await agentWith(app, await tokenFor(db, 'judge'))
        .get('/api/campaigns/test-campaign/judges')
        .expect(403);
      await researcher.get('/api/campaigns/nonesuch/judges').expect(404);
    });
  });
}

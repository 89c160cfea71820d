import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { createApp } from './helpers/contract-checked-app.ts';
import { agentWith, tokenFor } from './helpers/auth.ts';
import { withDatabase } from './helpers/databases.ts';
import { recordSimComparison } from './helpers/recorded-episodes.ts';

test('a crowd vote of "both failed" exports as Chatbot Arena\'s tie (bothbad), a tie as tie', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    const { comparisonId } = await recordSimComparison(db, artifacts, ['auto', 'crowd']);
    const app = createApp({ db, artifacts, simCatalog: { policies: [], tasks: [] } });
    // Two judges, each the holder of a judge token.
    for (const choice of ['both-failed', 'tie'] as const) {
      const judge = agentWith(app, await tokenFor(db, 'judge'));
      const next = await judge.get('/api/judging/next').expect(200);
      const { ticket } = next.body as { ticket: string };
      await judge.post('/api/judging/votes').send({ ticket, choice }).expect(201);
    }
    const jsonl = await request(app).get('/api/campaigns/test-campaign/battles').expect(200);
    const battles = jsonl.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { winner: string; source: string; comparison_id: string });
    assert.deepEqual(battles.map((b) => [b.source, b.winner]).sort(), [
      ['auto', 'model_a'],
      ['crowd', 'tie'],
      ['crowd', 'tie (bothbad)'],
    ]);
    assert.ok(battles.every((b) => b.comparison_id === comparisonId));
    const csv = await request(app)
      .get('/api/campaigns/test-campaign/battles?format=csv')
      .expect(200);
    assert.equal(csv.text.split('\n').filter((line) => line.includes(',tie (bothbad),')).length, 1);
  });
});

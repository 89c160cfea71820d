import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { createApp } from './helpers/contract-checked-app.ts';
import { withDatabase } from './helpers/databases.ts';
import { recordSimComparison } from './helpers/recorded-episodes.ts';

test('a crowd vote of "both failed" exports as Chatbot Arena\'s tie (bothbad), a tie as tie', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    const { comparisonId } = await recordSimComparison(db, artifacts, ['auto', 'crowd']);
    const app = createApp({ db, artifacts, simCatalog: { policies: [], tasks: [] } });
    for (const [judge, choice] of [
      ['judge-ada-1', 'both-failed'],
      ['judge-bo-22', 'tie'],
    ] as const) {
      const next = await request(app).get(`/api/judging/next?judge=${judge}`).expect(200);
      const { ticket } = next.body as { ticket: string };
      await request(app).post('/api/judging/votes').send({ judge, ticket, choice }).expect(201);
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

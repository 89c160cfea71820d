// `arena export` then `arena rank` reproduces the campaign's own leaderboard: same policies in
// the same order, the same ratings and counts, and the same bootstrap intervals.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { campaignMembers } from '../services/campaigns/campaign-store.ts';
import { refitCampaign } from '../services/ranker/campaign-leaderboard.ts';
import { mulberry32 } from '../services/ranking/index.ts';
import { withDatabase } from './helpers/databases.ts';
import { seedCampaign } from './helpers/fixtures.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

async function arena(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, ARENA_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return run(process.execPath, ['--import', 'tsx', 'cli/arena.ts', ...args], {
    cwd: root,
    env,
    maxBuffer: 1 << 26,
  });
}

test('a campaign exported as battles ranks the same with arena rank', async () => {
  await withDatabase('sqlite', async ({ db }, location) => {
    const campaignId = await seedCampaign(db, { budget: 300, judgementSources: ['auto', 'crowd'] });
    const { policyIds, taskIds } = await campaignMembers(db, campaignId);
    const strengths = policyIds.map((_, i) => 10 ** ((i * 120) / 400));
    const random = mulberry32(42);
    const now = new Date().toISOString();
    let bothFailed = 0;
    for (let ordinal = 0; ordinal < 300; ordinal++) {
      const a = Math.floor(random() * policyIds.length);
      let b = Math.floor(random() * (policyIds.length - 1));
      if (b >= a) b++;
      const id = `cmp_${String(ordinal).padStart(4, '0')}`;
      await db
        .insertInto('comparisons')
        .values({
          id,
          campaign_id: campaignId,
          ordinal,
          task_id: taskIds[0] ?? '',
          seed: ordinal,
          policy_a_id: policyIds[a] ?? '',
          policy_b_id: policyIds[b] ?? '',
          status: 'completed',
          error: null,
          created_at: now,
          completed_at: now,
        })
        .execute();
      // Every third comparison also has two crowd judges: these must be resampled together.
      const judges = ordinal % 3 === 0 ? ['auto', 'crowd-1', 'crowd-2'] : ['auto'];
      for (const judge of judges) {
        const pa = strengths[a] ?? 1;
        const pb = strengths[b] ?? 1;
        const u = random() * (pa + pb + 0.6 * Math.sqrt(pa * pb));
        const outcome = u < pa ? 'A' : u < pa + pb ? 'B' : 'tie';
        // The second crowd judge says "both failed" when it calls a tie.
        const bothBad = outcome === 'tie' && judge === 'crowd-2';
        if (bothBad) bothFailed++;
        await db
          .insertInto('judgements')
          .values({
            id: `${id}_${judge}`,
            comparison_id: id,
            source: judge === 'auto' ? 'auto' : 'crowd',
            judge,
            outcome,
            both_failed: bothBad ? 1 : 0,
            created_at: now,
          })
          .execute();
      }
    }
    const snapshot = await refitCampaign(db, campaignId);

    const file = path.join(location.dataDir, 'battles.csv');
    await arena(['export', 'test-campaign', '--format', 'csv', '--output', file], location.dataDir);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'model_a,model_b,winner,task,judge,comparison_id,source');
    // Chatbot Arena's own label for a tie in which both failed; arena rank reads it as a tie.
    assert.ok(bothFailed > 0);
    assert.equal(lines.filter((l) => l.split(',')[2] === 'tie (bothbad)').length, bothFailed);
    const [{ stdout }, jsonl] = await Promise.all([
      arena(['rank', file, '--json'], location.dataDir),
      arena(['export', campaignId], location.dataDir),
    ]);
    const ranked = JSON.parse(stdout);

    assert.deepEqual(
      ranked.policies.map((p: { policy: string }) => p.policy),
      snapshot.leaderboard.map((row) => row.policy),
    );
    snapshot.leaderboard.forEach((row, i) => {
      const mine = ranked.policies[i];
      assert.ok(Math.abs(mine.rating - row.rating) < 1e-5, `${row.policy} rating`);
      assert.deepEqual(
        [mine.comparisons, mine.wins, mine.losses, mine.ties],
        [row.comparisons, row.wins, row.losses, row.ties],
      );
      // One bootstrap, same seed, and draws that do not depend on policy labels (ids in the
      // campaign, names in the file): the bounds are identical to the 3 decimals --json prints.
      const printed = 0.0005 + 1e-9;
      assert.ok(Math.abs(mine.ci_low - (row.ciLow ?? NaN)) <= printed, `${row.policy} low`);
      assert.ok(Math.abs(mine.ci_high - (row.ciHigh ?? NaN)) <= printed, `${row.policy} high`);
    });
    assert.ok(Math.abs(ranked.tie_parameter - (snapshot.tieParameter ?? NaN)) < 1e-6);

    const first = JSON.parse(jsonl.stdout.split('\n')[0] ?? '');
    assert.deepEqual(Object.keys(first), [
      'model_a',
      'model_b',
      'winner',
      'task',
      'judge',
      'comparison_id',
      'source',
    ]);
  });
});

// Real crowd data with a published answer: the LLMFAO comparisons and the Bradley-Terry scores
// that the evalica library computed from them (ties as half wins). See the data's README.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { aggregateCounts, fitBradleyTerry, rankPolicies } from '../services/ranking/index.ts';
import type { FitResult, Judgement } from '../services/ranking/index.ts';

const DATA_DIR = fileURLToPath(new URL('./fixtures/llmfao', import.meta.url));

function readCsv(name: string): string[][] {
  // Neither file quotes fields or has commas inside one, so a plain split is exact.
  const [, ...rows] = readFileSync(`${DATA_DIR}/${name}`, 'utf8').trim().split('\n');
  return rows.map((row) => row.split(','));
}

const OUTCOMES: Record<string, Judgement['outcome']> = { left: 'A', right: 'B', tie: 'tie' };

// Columns: id,prompt,model_x,model_y,worker,winner,left,right. `id` identifies one pair of
// answers shown to several workers: one comparison in our sense.
const judgements: Judgement[] = readCsv('crowd-comparisons.csv').map(
  ([id, , , , , winner, left, right]) => {
    const outcome = OUTCOMES[winner ?? ''];
    assert.ok(outcome && left && right && id, `bad row ${id}`);
    return { a: left, b: right, outcome, comparisonId: id };
  },
);

/** evalica's strengths as mean-removed Elo: 400·log10(pi) minus its mean. */
const goldenElo = (() => {
  const rows = readCsv('golden.csv').filter(([algorithm]) => algorithm === 'bradley_terry');
  const elo = rows.map(([, item, score]) => [item ?? '', 400 * Math.log10(Number(score))] as const);
  const mean = elo.reduce((s, [, e]) => s + e, 0) / elo.length;
  return new Map(elo.map(([item, e]) => [item, e - mean]));
})();

function largestDeviation(fit: FitResult): number {
  return Math.max(
    ...fit.policies.map((p, i) =>
      Math.abs((fit.ratings[i] ?? NaN) - 1000 - (goldenElo.get(p) ?? NaN)),
    ),
  );
}

const counts = aggregateCounts(judgements);

test('the data are what the README describes', () => {
  assert.equal(judgements.length, 8931);
  assert.equal(counts.policies.length, 59);
  assert.deepEqual([...goldenElo.keys()].sort(), [...counts.policies].sort());
});

test("half-win maximum likelihood reproduces evalica's Bradley-Terry scores", () => {
  // The README promises agreement to a fraction of an Elo point; the reference is in fact
  // converged far beyond that, and so are we: we observe about 1e-12 Elo.
  const fit = fitBradleyTerry(counts, { ties: 'half', priorStrength: 0 });
  assert.equal(fit.converged, true);
  assert.equal(fit.disconnected, false);
  const deviation = largestDeviation(fit);
  assert.ok(deviation < 1e-6, `largest deviation ${deviation} Elo`);
});

test('the default weak prior moves no rating by more than half an Elo point here', () => {
  const fit = fitBradleyTerry(counts, { ties: 'half' });
  const deviation = largestDeviation(fit);
  assert.ok(deviation > 1e-3 && deviation < 0.5, `prior moved ratings by up to ${deviation} Elo`);
});

test('the Davidson fit converges on real data with many ties', (t) => {
  const fit = fitBradleyTerry(counts, { ties: 'davidson' });
  assert.equal(fit.converged, true);
  assert.ok(fit.tieParameter !== null && fit.tieParameter > 0);
  // 39% ties: between equal policies P(tie) = nu / (2 + nu), so nu is roughly 2·0.39/0.61.
  assert.ok(fit.tieParameter > 1 && fit.tieParameter < 2, `nu ${fit.tieParameter}`);
  t.diagnostic(`nu = ${fit.tieParameter.toFixed(4)} after ${fit.iterations} Newton iterations`);
});

test('the full leaderboard with a 1000-round comparison bootstrap', (t) => {
  const started = performance.now();
  const board = rankPolicies(judgements, { ties: 'half', bootstrapRounds: 1000, seed: 1 });
  t.diagnostic(`59 policies, 8931 judgements: ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(board.entries[0]?.policy, 'GPT 4', "evalica's top model");
  assert.equal(board.entries.length, 59);
  for (const entry of board.entries) {
    assert.ok(entry.ciLow !== null && entry.ciHigh !== null && entry.ciLow < entry.ciHigh);
  }
});

// Judge quality against synthetic ground truth: honest judges agree with the automatic winner
// with p = 0.85, adversarial ones vote against it or at random; the test flags the latter only.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  binomialCdf,
  judgeQuality,
  mulberry32,
  withoutFlaggedJudges,
  type Judgement,
} from '../services/ranking/index.ts';

type Behaviour = (random: () => number) => 'agree' | 'disagree' | 'tie';
const honest: Behaviour = (random) => (random() < 0.85 ? 'agree' : 'disagree');
const contrarian: Behaviour = (random) => (random() < 0.9 ? 'disagree' : 'agree');
const coinFlipper: Behaviour = (random) => {
  const u = random();
  return u < 0.45 ? 'agree' : u < 0.9 ? 'disagree' : 'tie';
};

/** 400 comparisons with a decisive automatic outcome; each judge votes on `votes` of them. */
function population(judges: [string, Behaviour][], votes: number, seed: number): Judgement[] {
  const random = mulberry32(seed);
  const judgements: Judgement[] = [];
  const winners: ('A' | 'B')[] = [];
  for (let c = 0; c < 400; c++) {
    const winner = random() < 0.5 ? 'A' : 'B';
    winners.push(winner);
    judgements.push({ a: 'p', b: 'q', outcome: winner, comparisonId: `c${c}`, source: 'auto' });
  }
  for (const [judge, behaviour] of judges) {
    for (let v = 0; v < votes; v++) {
      const c = Math.floor(random() * 400);
      const winner = winners[c] ?? 'A';
      const vote = behaviour(random);
      const outcome =
        vote === 'tie' ? 'tie' : vote === 'agree' ? winner : winner === 'A' ? 'B' : 'A';
      judgements.push({ a: 'p', b: 'q', outcome, comparisonId: `c${c}`, judge, source: 'crowd' });
    }
  }
  return judgements;
}

const honestJudges = (n: number): [string, Behaviour][] =>
  Array.from({ length: n }, (_, i) => [`honest${String(i).padStart(2, '0')}`, honest]);

test('the binomial tail matches exact values', () => {
  assert.ok(Math.abs(binomialCdf(3, 10, 0.5) - 176 / 1024) < 1e-12);
  assert.ok(Math.abs(binomialCdf(0, 20, 0.85) - 0.15 ** 20) < 1e-25);
  assert.equal(binomialCdf(10, 10, 0.3), 1);
  const sum = Array.from({ length: 8 }, (_, i) => i).reduce(
    (acc, i) => acc + (binomialCdf(i, 30, 0.6) - (i > 0 ? binomialCdf(i - 1, 30, 0.6) : 0)),
    0,
  );
  assert.ok(Math.abs(sum - binomialCdf(7, 30, 0.6)) < 1e-12);
});

test('contrarian and coin-flipping judges are flagged, honest ones are not', () => {
  const judges: [string, Behaviour][] = [
    ...honestJudges(20),
    ['contrarian', contrarian],
    ['coinflip', coinFlipper],
  ];
  const quality = judgeQuality(population(judges, 40, 7));
  const flagged = quality.filter((q) => q.flagged).map((q) => q.judge);
  assert.deepEqual(flagged.sort(), ['coinflip', 'contrarian']);
  const honest0 = quality.find((q) => q.judge === 'honest00');
  assert.ok(honest0 !== undefined && honest0.decisiveVotes === 40);
  assert.ok(honest0.interval.low < 0.85 && honest0.interval.high > 0.85);
});

test('honest judges are falsely flagged in at most 5% of populations (Holm, alpha 0.05)', (t) => {
  const runs = 300;
  let runsWithAFalseFlag = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const quality = judgeQuality(population(honestJudges(20), 40, 1000 + seed));
    if (quality.some((q) => q.flagged)) runsWithAFalseFlag++;
  }
  t.diagnostic(`populations with a false flag: ${runsWithAFalseFlag} of ${runs}`);
  // The family-wise rate is at most 0.05; 300 runs put the observed rate under 0.08 with room.
  assert.ok(runsWithAFalseFlag / runs <= 0.08, `${runsWithAFalseFlag} of ${runs} runs`);
});

test('a judge with fewer than minVotes decisive votes is not tested', () => {
  const judges: [string, Behaviour][] = [...honestJudges(10), ['contrarian', contrarian]];
  const quality = judgeQuality(population(judges, 8, 3), { minVotes: 10 });
  assert.ok(quality.every((q) => q.pValue === null && !q.flagged));
  const tested = judgeQuality(population(judges, 8, 3), { minVotes: 5 });
  assert.ok(tested.find((q) => q.judge === 'contrarian')?.flagged);
});

test('dropping flagged judges keeps automatic outcomes and honest votes', () => {
  const judges: [string, Behaviour][] = [...honestJudges(10), ['contrarian', contrarian]];
  const judgements = population(judges, 40, 11);
  const kept = withoutFlaggedJudges(judgements, judgeQuality(judgements));
  assert.equal(kept.filter((j) => j.judge === 'contrarian').length, 0);
  assert.equal(kept.length, judgements.length - 40);
});

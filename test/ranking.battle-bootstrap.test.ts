// The pattern bootstrap behind `arena rank`: the same meaning as the library's comparison
// bootstrap (exact multinomial resampling of whole comparisons, refits at the same optimum),
// at a cost that does not grow with the number of battles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBattles } from '../services/ranking/battle-reader.ts';
import {
  fillTableCounts,
  tableFromJudgements,
  tableFromLog,
} from '../services/ranking/battle-table.ts';
import { bootstrapTable } from '../services/ranking/bootstrap-table.ts';
import { ChordRefitter } from '../services/ranking/chord-refitter.ts';
import { connectedComponents } from '../services/ranking/connectivity.ts';
import { buildPosteriorModel } from '../services/ranking/fit-bradley-terry.ts';
import {
  bootstrapIntervals,
  fitBradleyTerry,
  mulberry32,
  simulateJudgements,
} from '../services/ranking/index.ts';
import type { Judgement } from '../services/ranking/index.ts';
import { MultinomialResampler } from '../services/ranking/multinomial-resampler.ts';
import { maximizePosterior } from '../services/ranking/newton.ts';
import { emptyPairCounts } from '../services/ranking/pair-counts.ts';

const strengths = { p1: 1, p2: 1.6, p3: 2.2, p4: 3.5, p5: 0.7 };
const judgements = simulateJudgements({
  strengths,
  tieParameter: 0.5,
  comparisons: 400,
  random: mulberry32(11),
});

const WINNER = { A: 'model_a', B: 'model_b', tie: 'tie' } as const;
const csvOf = (js: readonly Judgement[]) =>
  [
    'model_a,model_b,winner,comparison_id',
    ...js.map((j) => `${j.a},${j.b},${WINNER[j.outcome]},${j.comparisonId ?? ''}`),
  ].join('\n');

test('a file and the same judgements in another order give the same canonical table', () => {
  const grouped = judgements.map((j, k) => ({ ...j, comparisonId: `c${Math.floor(k / 3)}` }));
  const fromFile = tableFromLog(readBattles(csvOf(grouped), 'csv'));
  const shuffled = [...grouped].reverse().map((j): Judgement => ({
    ...j,
    a: j.b,
    b: j.a,
    outcome: j.outcome === 'A' ? 'B' : j.outcome === 'B' ? 'A' : 'tie',
  }));
  assert.deepEqual(tableFromJudgements(shuffled), fromFile);
});

test('resampled pattern counts follow the multinomial distribution exactly', () => {
  // m = (1, 2, 3): N = 6 draws with probabilities 1/6, 2/6, 3/6. Pearson's chi-square over the
  // cells with enough mass; at 24 degrees of freedom its 99.9% point is 51.
  const resampler = new MultinomialResampler(Float64Array.of(1, 2, 3));
  const out = new Float64Array(3);
  const random = mulberry32(3);
  const frequency = new Map<string, number>();
  const draws = 100_000;
  for (let k = 0; k < draws; k++) {
    resampler.draw(out, random);
    assert.equal(out[0]! + out[1]! + out[2]!, 6);
    frequency.set(out.join(), (frequency.get(out.join()) ?? 0) + 1);
  }
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  let chiSquare = 0;
  let cells = 0;
  for (let a = 0; a <= 6; a++) {
    for (let b = 0; a + b <= 6; b++) {
      const c = 6 - a - b;
      const p =
        (factorial(6) / (factorial(a) * factorial(b) * factorial(c))) *
        (1 / 6) ** a *
        (2 / 6) ** b *
        (3 / 6) ** c;
      if (draws * p < 10) continue;
      chiSquare += ((frequency.get(`${a},${b},${c}`) ?? 0) - draws * p) ** 2 / (draws * p);
      cells++;
    }
  }
  assert.ok(cells >= 20 && chiSquare < 51, `chi-square ${chiSquare} over ${cells} cells`);
});

test('chord refits land on the same optimum as Newton', () => {
  const table = tableFromJudgements(judgements);
  const counts = fillTableCounts(table, emptyPairCounts(table));
  const fit = fitBradleyTerry(counts);
  const full = buildPosteriorModel(counts, 'davidson', 0.025);
  const optimum = Float64Array.of(...fit.logStrengths, Math.log(fit.tieParameter ?? 1));
  const components = connectedComponents(counts);
  const chord = new ChordRefitter(full, optimum, components, 1e-9);
  const resampler = new MultinomialResampler(table.multiplicity);
  const weights = new Float64Array(table.multiplicity.length);
  const roundCounts = emptyPairCounts(table);
  const random = mulberry32(5);
  for (let round = 0; round < 20; round++) {
    resampler.draw(weights, random);
    const model = buildPosteriorModel(
      fillTableCounts(table, roundCounts, weights),
      'davidson',
      0.025,
    );
    const x = new Float64Array(optimum.length);
    assert.ok(chord.refit(model, x));
    const newton = maximizePosterior(model, optimum, {
      maxIterations: 100,
      tolerance: 1e-12,
      components,
    });
    x.forEach((value, p) =>
      assert.ok(Math.abs(value - (newton.x[p] ?? NaN)) < 1e-8, `round ${round}`),
    );
  }
});

test("the pattern bootstrap agrees with the library's comparison bootstrap", () => {
  const ours = bootstrapTable(tableFromJudgements(judgements), { rounds: 2000, seed: 2 });
  const library = bootstrapIntervals(judgements, { rounds: 2000, seed: 2 });
  assert.deepEqual([...ours.pointEstimate.ratings], [...library.pointEstimate.ratings]);
  for (const [policy, interval] of library.intervals) {
    const mine = ours.intervals.get(policy);
    assert.ok(mine !== undefined);
    const width = interval.high - interval.low;
    // Different random streams: the bounds agree to Monte Carlo error (~3% of the width here).
    assert.ok(Math.abs(mine.low - interval.low) < 0.1 * width, `${policy} low`);
    assert.ok(Math.abs(mine.high - interval.high) < 0.1 * width, `${policy} high`);
  }
});

test('judgements sharing a comparison id are resampled together', () => {
  // Doubling every judgement inside its comparison, with the prior doubled too, is the same
  // evidence: the intervals must be identical. As separate comparisons they would narrow.
  const single = bootstrapTable(tableFromJudgements(judgements), {
    rounds: 300,
    seed: 4,
    priorStrength: 0.05,
  });
  const doubled = judgements.flatMap((j) => [j, j]);
  const together = bootstrapTable(tableFromJudgements(doubled), {
    rounds: 300,
    seed: 4,
    priorStrength: 0.1,
  });
  for (const [policy, interval] of single.intervals) {
    const other = together.intervals.get(policy);
    assert.ok(other !== undefined);
    assert.ok(
      Math.abs(other.low - interval.low) < 1e-6 && Math.abs(other.high - interval.high) < 1e-6,
      policy,
    );
  }
  const apart = bootstrapTable(
    tableFromJudgements(doubled.map((j, k) => ({ ...j, comparisonId: `own${k}` }))),
    { rounds: 300, seed: 4, priorStrength: 0.1 },
  );
  const width = (r: typeof single, p: string) =>
    (r.intervals.get(p)?.high ?? 0) - (r.intervals.get(p)?.low ?? 0);
  for (const policy of Object.keys(strengths)) {
    const ratio = width(apart, policy) / width(single, policy);
    assert.ok(ratio > 0.6 && ratio < 0.8, `${policy} width ratio ${ratio}`);
  }
});

// Model semantics with known answers: half-win ties are plain Bradley-Terry, an unbeaten policy
// stays finite only thanks to the prior, a split graph is reported, bad input is rejected, and
// the leaderboard carries the raw counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  InvalidJudgementError,
  InvalidRankingOptionError,
  UnknownPolicyError,
  aggregateCounts,
  fitBradleyTerry,
  mulberry32,
  rankPolicies,
  simulateJudgements,
} from '../services/ranking/index.ts';
import type { FitResult, Judgement } from '../services/ranking/index.ts';

/** Strengths of Elo ratings, converted here rather than by the library under test. */
const strengthsOf = (ratings: Record<string, number>) =>
  Object.fromEntries(Object.entries(ratings).map(([policy, r]) => [policy, 10 ** (r / 400)]));

const withTies = simulateJudgements({
  strengths: strengthsOf({ a: 900, b: 1000, c: 1050, d: 1150 }),
  tieParameter: 0.8,
  comparisons: 300,
  random: mulberry32(5),
});

const ratingOf = (fit: FitResult, policy: string) =>
  fit.ratings[fit.policies.indexOf(policy)] ?? NaN;

function assertSameRatings(x: FitResult, y: FitResult, tolerance: number) {
  assert.deepEqual(x.policies, y.policies);
  x.policies.forEach((policy) => {
    const difference = ratingOf(x, policy) - ratingOf(y, policy);
    assert.ok(Math.abs(difference) < tolerance, `${policy}: ${difference} Elo`);
  });
}

/** Each tie becomes one win each way and every decisive judgement is doubled: 2x the half-win likelihood. */
function tiesAsWinEachWay(judgements: readonly Judgement[]): Judgement[] {
  return judgements.flatMap((j): Judgement[] =>
    j.outcome === 'tie'
      ? [
          { a: j.a, b: j.b, outcome: 'A' },
          { a: j.a, b: j.b, outcome: 'B' },
        ]
      : [j, j],
  );
}

test("'half' is plain Bradley-Terry on ties-as-half-wins (and Davidson without ties is too)", () => {
  assert.ok(withTies.some((j) => j.outcome === 'tie'));
  const half = fitBradleyTerry(aggregateCounts(withTies), { ties: 'half', priorStrength: 0 });
  const doubled = aggregateCounts(tiesAsWinEachWay(withTies));
  const davidsonWithoutTies = fitBradleyTerry(doubled, { ties: 'davidson', priorStrength: 0 });
  assert.equal(davidsonWithoutTies.tieParameter, 0);
  assertSameRatings(half, davidsonWithoutTies, 1e-9);
  // The prior is per policy, not per judgement: doubling the data needs double the prior.
  const halfWithPrior = fitBradleyTerry(aggregateCounts(withTies), {
    ties: 'half',
    priorStrength: 3,
  });
  const doubledWithPrior = fitBradleyTerry(doubled, { ties: 'half', priorStrength: 6 });
  assertSameRatings(halfWithPrior, doubledWithPrior, 1e-9);
  assert.ok(
    Math.abs(ratingOf(halfWithPrior, 'd') - ratingOf(half, 'd')) > 1,
    'prior had no effect',
  );
});

const unbeaten: Judgement[] = [
  ...withTies,
  ...['a', 'b', 'c', 'd'].flatMap((other) =>
    Array.from({ length: 5 }, (): Judgement => ({ a: 'champion', b: other, outcome: 'A' })),
  ),
];

test('an unbeaten policy gets a finite rating above every other under the default prior', () => {
  const fit = fitBradleyTerry(aggregateCounts(unbeaten));
  assert.equal(fit.converged, true);
  const champion = ratingOf(fit, 'champion');
  assert.ok(Number.isFinite(champion));
  for (const other of ['a', 'b', 'c', 'd']) assert.ok(champion > ratingOf(fit, other) + 100);
  assert.ok(champion < 3000, `champion at ${champion}`);
});

test('without a prior the unbeaten policy has no maximum-likelihood rating and says so', () => {
  const fit = fitBradleyTerry(aggregateCounts(unbeaten), { priorStrength: 0 });
  assert.equal(fit.converged, false);
  assert.match(fit.warnings.join('\n'), /never lost/);
});

test('all ties: nu is infinite without a prior (reported), finite and large with one', () => {
  const allTies: Judgement[] = Array.from({ length: 6 }, (_, i) => ({
    a: i % 2 ? 'x' : 'y',
    b: i % 2 ? 'y' : 'x',
    outcome: 'tie',
  }));
  const unregularised = fitBradleyTerry(aggregateCounts(allTies), { priorStrength: 0 });
  assert.equal(unregularised.converged, false);
  assert.match(unregularised.warnings.join('\n'), /every judgement is a tie/);
  const regularised = fitBradleyTerry(aggregateCounts(allTies));
  assert.equal(regularised.converged, true);
  assert.ok(regularised.tieParameter !== null && Number.isFinite(regularised.tieParameter));
  assert.ok(regularised.tieParameter > 10, `nu ${regularised.tieParameter}`);
  assert.deepEqual([...regularised.ratings], [1000, 1000]);
});

test('a disconnected comparison graph is reported and each part is fitted on its own', () => {
  const left = simulateJudgements({
    strengths: strengthsOf({ l1: 900, l2: 1100, l3: 1000 }),
    tieParameter: 0.5,
    comparisons: 120,
    random: mulberry32(11),
  });
  const right = simulateJudgements({
    strengths: strengthsOf({ r1: 1000, r2: 1300 }),
    tieParameter: 0.5,
    comparisons: 60,
    random: mulberry32(12),
  });
  const fit = fitBradleyTerry(aggregateCounts([...left, ...right]));
  assert.equal(fit.disconnected, true);
  assert.deepEqual(fit.components, [
    ['l1', 'l2', 'l3'],
    ['r1', 'r2'],
  ]);
  assert.match(fit.warnings.join('\n'), /2 disconnected components/);
  // Within a component the differences are those of fitting that component alone, apart from
  // the shared nu, so compare with the 'half' model, which has no parameter across components.
  const halfJoint = fitBradleyTerry(aggregateCounts([...left, ...right]), { ties: 'half' });
  const halfLeft = fitBradleyTerry(aggregateCounts(left), { ties: 'half' });
  const gap = (f: FitResult) => ratingOf(f, 'l2') - ratingOf(f, 'l1');
  assert.ok(Math.abs(gap(halfJoint) - gap(halfLeft)) < 1e-9);
  assert.equal(rankPolicies([...left, ...right], { bootstrapRounds: 0 }).disconnected, true);
});

test('malformed judgements and options are rejected with named errors', () => {
  const bad = (judgement: object) => aggregateCounts([judgement as Judgement]);
  assert.throws(() => bad({ a: 'x', b: 'x', outcome: 'A' }), InvalidJudgementError);
  assert.throws(() => bad({ a: 'x', b: 'y', outcome: 'left' }), InvalidJudgementError);
  assert.throws(() => bad({ a: '', b: 'y', outcome: 'tie' }), InvalidJudgementError);
  assert.throws(() => rankPolicies(withTies, { anchor: 'nobody' }), UnknownPolicyError);
  assert.throws(() => rankPolicies(withTies, { priorStrength: -1 }), InvalidRankingOptionError);
  assert.throws(() => rankPolicies(withTies, { bootstrapRounds: 1.5 }), InvalidRankingOptionError);
});

test('the leaderboard is sorted best first and carries raw per-policy counts', () => {
  const judgements: Judgement[] = [
    { a: 'x', b: 'y', outcome: 'A' },
    { a: 'x', b: 'y', outcome: 'A' },
    { a: 'y', b: 'x', outcome: 'tie' },
    { a: 'z', b: 'x', outcome: 'B' },
    { a: 'z', b: 'y', outcome: 'A' },
    { a: 'y', b: 'z', outcome: 'A' },
  ];
  const board = rankPolicies(judgements, { bootstrapRounds: 200, seed: 3 });
  const ratings = board.entries.map((entry) => entry.rating);
  assert.deepEqual(
    ratings,
    [...ratings].sort((p, q) => q - p),
  );
  assert.equal(board.entries[0]?.policy, 'x', 'the only policy that never lost is first');
  const counts = board.entries
    .map(({ policy, comparisons, wins, losses, ties }) => ({
      policy,
      comparisons,
      wins,
      losses,
      ties,
    }))
    .sort((p, q) => (p.policy < q.policy ? -1 : 1));
  assert.deepEqual(counts, [
    { policy: 'x', comparisons: 4, wins: 3, losses: 0, ties: 1 },
    { policy: 'y', comparisons: 5, wins: 1, losses: 3, ties: 1 },
    { policy: 'z', comparisons: 3, wins: 1, losses: 2, ties: 0 },
  ]);
  for (const entry of board.entries) {
    assert.ok(entry.ciLow !== null && entry.ciHigh !== null && entry.ciLow < entry.ciHigh);
  }
  assert.equal(board.converged, true);
  assert.ok(board.tieParameter !== null && board.tieParameter > 0);
  const withoutBootstrap = rankPolicies(judgements, { bootstrapRounds: 0 });
  assert.equal(withoutBootstrap.entries[0]?.ciLow, null);
});

// `arena rank` on K-wise judgements: JSON Lines ranking records (best first, inner arrays tied),
// alone or mixed with battles, are fitted by Plackett-Luce and printed as the usual
// leaderboard; pairwise data give the Bradley-Terry "half" ratings; bad records name their line
// and field. Runs the command's own code on temporary files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mock, test } from 'node:test';

import { rankCommand } from '../cli/commands/rank.ts';
import { UsageError } from '../cli/command.ts';
import { BattleFileError } from '../services/ranking/battle-errors.ts';
import {
  createJudgementReader,
  readBattles,
  readJudgements,
} from '../services/ranking/battle-reader.ts';
import {
  fitPlackettLuce,
  mulberry32,
  simulateJudgements,
  toRankingJudgement,
} from '../services/ranking/index.ts';
import type { Judgement, RankingJudgement } from '../services/ranking/index.ts';
import { simulateRankings } from './helpers/plackett-luce-rankings.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-rank-kwise-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const TRUE_RATINGS: Record<string, number> = {
  pi0: 1150,
  octo: 1060,
  rt1: 1000,
  rt2: 980,
  diffusion: 920,
  act: 890,
};
const POLICIES = Object.keys(TRUE_RATINGS);
const TRUE_MEAN = POLICIES.reduce((s, p) => s + (TRUE_RATINGS[p] ?? 0), 0) / POLICIES.length;

let files = 0;
function write(lines: readonly unknown[], extension = 'jsonl'): string {
  const file = path.join(dir, `judgements-${files++}.${extension}`);
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  fs.writeFileSync(file, text + '\n');
  return file;
}

const WINNER = { A: 'model_a', B: 'model_b', tie: 'tie' } as const;
const battleRecord = (j: Judgement) => ({ model_a: j.a, model_b: j.b, winner: WINNER[j.outcome] });
const rankingRecord = (r: RankingJudgement) => ({
  ranking: r.ranking,
  ...(r.task === undefined ? {} : { task: r.task }),
  ...(r.judge === undefined ? {} : { judge: r.judge }),
  ...(r.comparisonId === undefined ? {} : { comparison_id: r.comparisonId }),
});

/** Runs `arena rank ARGS` in this process, capturing what it prints. */
async function arenaRank(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = mock.method(console, 'log', (...parts: unknown[]) => stdout.push(parts.join(' ')));
  const error = mock.method(console, 'error', (...parts: unknown[]) =>
    stderr.push(parts.join(' ')),
  );
  try {
    const code = await rankCommand.run(args);
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}

interface JsonBoard {
  model: string;
  ties: string;
  battles: number;
  rankings: number;
  prior_strength: number;
  tie_parameter: number | null;
  warnings: string[];
  converged: boolean;
  policies: {
    rank: number;
    policy: string;
    rating: number;
    ci_low: number | null;
    ci_high: number | null;
    rank_best: number | null;
    rank_worst: number | null;
    comparisons: number;
    wins: number;
    losses: number;
    ties: number;
  }[];
}

async function rankJson(args: string[]): Promise<JsonBoard> {
  const { code, stdout, stderr } = await arenaRank([...args, '--json']);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as JsonBoard;
}

test('recovers Plackett-Luce strengths from 4-wise rankings in a JSONL file', async (t) => {
  const rankings = simulateRankings(TRUE_RATINGS, 3000, 4, mulberry32(41), (i) => ({
    task: `task-${i % 5}`,
    judge: `judge-${i % 9}`,
  }));
  const board = await rankJson([write(rankings.map(rankingRecord)), '--bootstrap', '400']);
  assert.equal(board.model, 'plackett-luce');
  assert.equal(board.rankings, 3000);
  assert.equal(board.battles, 0);
  assert.equal(board.prior_strength, 0, 'plain maximum likelihood when it exists');
  assert.equal(board.tie_parameter, null);
  assert.equal(board.converged, true);
  assert.deepEqual(board.warnings, []);
  const byTruth = [...POLICIES].sort((x, y) => (TRUE_RATINGS[y] ?? 0) - (TRUE_RATINGS[x] ?? 0));
  assert.deepEqual(
    board.policies.map((p) => p.policy),
    byTruth,
  );
  let appearances = 0;
  for (const p of board.policies) {
    const truth = (TRUE_RATINGS[p.policy] ?? NaN) - TRUE_MEAN + 1000;
    const low = p.ci_low ?? NaN;
    const high = p.ci_high ?? NaN;
    // The 95% interval spans about 4 standard errors: the truth must lie within 4 of them.
    const standardError = (high - low) / 3.92;
    t.diagnostic(`${p.policy}: ${p.rating.toFixed(1)} [${low}, ${high}], truth ${truth}`);
    assert.ok(Math.abs(p.rating - truth) < 4 * standardError, `${p.policy}: ${p.rating}`);
    assert.ok(standardError > 3 && standardError < 15, `${p.policy}: se ${standardError}`);
    assert.ok(low < p.rating && p.rating < high, `${p.policy} interval`);
    assert.ok((p.rank_best ?? NaN) <= p.rank && p.rank <= (p.rank_worst ?? NaN), p.policy);
    // A 4-wise ranking places each policy against the 3 others.
    assert.equal(p.wins + p.losses + p.ties, 3 * p.comparisons);
    appearances += p.comparisons;
  }
  assert.equal(appearances, 4 * 3000);
});

test('battles written as rankings of two give the Bradley-Terry ratings with half-win ties', async () => {
  const judgements = simulateJudgements({
    strengths: Object.fromEntries(POLICIES.map((p) => [p, 10 ** ((TRUE_RATINGS[p] ?? 0) / 400)])),
    tieParameter: 0.4,
    comparisons: 800,
    random: mulberry32(6),
  });
  const battles = write(judgements.map(battleRecord));
  const asRankings = write(judgements.map((j) => rankingRecord(toRankingJudgement(j))));
  const bt = await rankJson([battles, '--ties', 'half', '--bootstrap', '0']);
  const pl = await rankJson([asRankings, '--bootstrap', '0']);
  assert.equal(bt.model, 'bradley-terry');
  assert.equal(pl.model, 'plackett-luce');
  assert.equal(pl.ties, 'half');
  assert.equal(pl.prior_strength, bt.prior_strength);
  const counts = (b: JsonBoard) =>
    b.policies.map((p) => [p.policy, p.rank, p.comparisons, p.wins, p.losses, p.ties]);
  assert.deepEqual(counts(pl), counts(bt));
  pl.policies.forEach((p, i) => {
    const difference = p.rating - (bt.policies[i]?.rating ?? NaN);
    assert.ok(Math.abs(difference) < 1e-5, `${p.policy}: ${difference} Elo`);
  });
});

test('a file mixing battles and rankings is one Plackett-Luce fit', async () => {
  const judgements = simulateJudgements({
    strengths: Object.fromEntries(POLICIES.map((p) => [p, 10 ** ((TRUE_RATINGS[p] ?? 0) / 400)])),
    tieParameter: 0.4,
    comparisons: 300,
    random: mulberry32(7),
  });
  const rankings: RankingJudgement[] = [
    ...simulateRankings(TRUE_RATINGS, 200, 3, mulberry32(8), (i) => ({
      task: `task-${i % 5}`,
      judge: `judge-${i % 9}`,
    })),
    ...simulateRankings(TRUE_RATINGS, 100, 4, mulberry32(9), (i) => ({
      task: `task-${i % 5}`,
      judge: `judge-${i % 9}`,
    })),
    { ranking: [['pi0', 'octo'], 'rt1'], comparisonId: 'shared' },
  ];
  const lines = [
    ...judgements.map(battleRecord),
    ...rankings.map(rankingRecord),
    { model_a: 'rt1', model_b: 'act', winner: 'model_a', comparison_id: 'shared' },
  ];
  const file = write(lines);
  const board = await rankJson([file, '--bootstrap', '200', '--seed', '3']);
  assert.equal(board.model, 'plackett-luce');
  assert.equal(board.battles, 301);
  assert.equal(board.rankings, 301);
  const library = fitPlackettLuce(
    [
      ...judgements.map(toRankingJudgement),
      ...rankings,
      { ranking: ['rt1', 'act'], comparisonId: 'shared' },
    ],
    { priorStrength: 0 },
  );
  for (const p of board.policies) {
    const expected = library.ratings[library.policies.indexOf(p.policy)] ?? NaN;
    assert.ok(Math.abs(p.rating - expected) < 1e-5, `${p.policy}: ${p.rating} vs ${expected}`);
    assert.ok(p.ci_low !== null && p.ci_low < p.rating && p.rating < (p.ci_high ?? NaN));
  }
  const again = await rankJson([file, '--bootstrap', '200', '--seed', '3']);
  assert.deepEqual(again, board, 'seeded: the same output twice');

  const text = await arenaRank([file, '--bootstrap', '50']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /rank\s+policy\s+rating\s+95% interval\s+rank range\s+comparisons/);
  assert.match(
    text.stdout,
    /model: Plackett-Luce over 301 rankings \(K = 3 to 4\) and 301 battles as rankings of two/,
  );
  assert.match(text.stdout, /a tied group counts as the average of its orderings/);
  assert.doesNotMatch(text.stdout, /Davidson/);
});

test('--ties davidson is refused for rankings; --ties half is accepted', async () => {
  const file = write(
    simulateRankings(TRUE_RATINGS, 50, 3, mulberry32(10), (i) => ({
      task: `task-${i % 5}`,
      judge: `judge-${i % 9}`,
    })).map(rankingRecord),
  );
  await assert.rejects(
    () => arenaRank([file, '--ties', 'davidson']),
    (error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /--ties davidson does not apply/);
      assert.match(error.message, /Plackett-Luce, a model without a tie parameter/);
      return true;
    },
  );
  const half = await rankJson([file, '--ties', 'half', '--bootstrap', '0']);
  assert.equal(half.model, 'plackett-luce');
  const battles = write([
    '{"model_a":"a","model_b":"b","winner":"tie"}',
    '{"model_a":"b","model_b":"a","winner":"model_a"}',
    '{"model_a":"a","model_b":"b","winner":"model_a"}',
  ]);
  const text = await arenaRank([battles, '--bootstrap', '0']);
  assert.match(text.stdout, /model: Bradley-Terry over 3 battles; Davidson ties/);
  assert.match(text.stdout, /Davidson tie parameter nu = /);
});

test('without a finite maximum-likelihood estimate the weak prior is used, with a warning', async () => {
  // pi0 is never beaten, so its strength would be infinite without a prior.
  const rankings = simulateRankings(TRUE_RATINGS, 60, 3, mulberry32(11), (i) => ({
    task: `task-${i % 5}`,
    judge: `judge-${i % 9}`,
  })).map((r) => ({
    ranking: ['pi0', ...r.ranking.filter((p) => p !== 'pi0')],
  }));
  const board = await rankJson([write(rankings), '--bootstrap', '100']);
  assert.equal(board.prior_strength, 0.1);
  assert.equal(board.policies[0]?.policy, 'pi0');
  assert.ok(Number.isFinite(board.policies[0]?.rating));
  const text = await arenaRank([write(rankings), '--bootstrap', '0']);
  assert.match(text.stderr, /warning: no finite maximum-likelihood estimate .* used --prior 0\.1/);
});

test('bad ranking records fail with the line and the field, exit code 1', async () => {
  const good = '{"ranking":["pi0","octo"]}';
  const cases: [string, string, RegExp][] = [
    ['{"ranking":["pi0"]}', 'ranking', /a ranking needs at least two policies \(got 1\)/],
    ['{"ranking":[["pi0"]]}', 'ranking', /a ranking needs at least two policies \(got 1\)/],
    ['{"ranking":["pi0","octo","pi0"]}', 'ranking', /policy "pi0" is ranked twice/],
    ['{"ranking":[["pi0","octo"],"octo"]}', 'ranking', /policy "octo" is ranked twice/],
    [
      '{"ranking":["pi0",7]}',
      'ranking',
      /place 2 must be a policy name or an array of tied names \(got 7\)/,
    ],
    [
      '{"ranking":["pi0",["octo",null]]}',
      'ranking',
      /place 2: a policy name must be a non-empty string \(got null\)/,
    ],
    ['{"ranking":["pi0",""]}', 'ranking', /place 2: a policy name must be a non-empty string/],
    ['{"ranking":["pi0",[]]}', 'ranking', /place 2 is an empty tied group/],
    ['{"ranking":"pi0"}', 'ranking', /ranking must be an array of policy names.*\(got "pi0"\)/],
    ['{"ranking":null}', 'ranking', /ranking must be an array of policy names.*\(got null\)/],
    [
      JSON.stringify({ ranking: ['x', Array.from({ length: 13 }, (_, i) => `p${i}`)] }),
      'ranking',
      /place 2 ties 13 policies; at most 12 may tie/,
    ],
    [
      '{"ranking":["pi0","octo"],"model_a":"pi0"}',
      'model_a',
      /either a ranking or a battle \(model_a, model_b, winner\), not both/,
    ],
    ['{"ranking":["pi0","octo"],"task":{"x":1}}', 'task', /must be a string or a number/],
  ];
  for (const [record, column, message] of cases) {
    const file = write([good, record]);
    const { code, stdout, stderr } = await arenaRank([file]);
    assert.equal(code, 1, record);
    assert.equal(stdout, '', record);
    assert.ok(stderr.startsWith(`arena: ${file}: line 2, column ${column}: `), stderr);
    assert.match(stderr, message, record);
  }
});

test('CSV holds battles only; the battle reader refuses rankings by line', async () => {
  const csv = write(['ranking,task', '"[""a"",""b""]",t'], 'csv');
  const { code, stderr } = await arenaRank([csv]);
  assert.equal(code, 1);
  assert.match(stderr, /line 1, column model_a: the header has no model_a column/);
  assert.match(stderr, /K-wise rankings are read from JSON Lines only/);

  const text = '{"model_a":"a","model_b":"b","winner":"tie"}\n{"ranking":["a","b","c"]}\n';
  assert.throws(
    () => readBattles(text, 'jsonl'),
    (error) =>
      error instanceof BattleFileError &&
      error.line === 2 &&
      error.column === 'ranking' &&
      /only pairwise battles/.test(error.message),
  );
  const both = readJudgements(text, 'jsonl');
  assert.equal(both.battles.count, 1);
  assert.deepEqual(both.rankings, [
    { ranking: ['a', 'b', 'c'], task: undefined, judge: undefined, comparisonId: undefined },
  ]);
  assert.throws(() => readJudgements('\n\n', 'jsonl'), /line 1: no battles or rankings/);
});

test('rankings read in chunks are the rankings read whole', () => {
  const text = [
    '{"model_a":"a","model_b":"b","winner":"model_b","judge":"j"}',
    '{"ranking":["a",["b","c"],"d"],"task":"t","judge":7,"comparison_id":"c1"}',
    '',
    '{"ranking": [ "d" , "a" ], "extra": {"nested": [1, 2]}}',
  ].join('\r\n');
  const whole = readJudgements(text, 'jsonl');
  assert.deepEqual(whole.rankings, [
    { ranking: ['a', ['b', 'c'], 'd'], task: 't', judge: '7', comparisonId: 'c1' },
    { ranking: ['d', 'a'], task: undefined, judge: undefined, comparisonId: undefined },
  ]);
  for (const size of [1, 3, 7, 50]) {
    const reader = createJudgementReader('jsonl');
    for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
    const chunked = reader.end();
    assert.deepEqual(chunked.rankings, whole.rankings, `chunks of ${size}`);
    assert.equal(chunked.battles.count, 1);
  }
});

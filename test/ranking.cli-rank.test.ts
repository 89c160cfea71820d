// `arena rank` as a user runs it: on real crowd data it reproduces evalica's Bradley-Terry scores
// under half-win ties, and bad files fail with the file, line and column and no stack trace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../services/ranking/battle-csv.ts';
import { csvField } from '../services/ranking/battle-writer.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const DATA_DIR = fileURLToPath(new URL('./fixtures/llmfao', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-rank-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function arena(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'cli/arena.ts', ...args],
      { cwd: root, maxBuffer: 1 << 26 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** LLMFAO's comparisons in the Chatbot Arena format (left = model_a), with extra columns. */
function llmfaoBattles(): string {
  const [header, ...rows] = parseCsv(fs.readFileSync(`${DATA_DIR}/crowd-comparisons.csv`, 'utf8'));
  const column = (name: string) => header?.fields.indexOf(name) ?? -1;
  const winner: Record<string, string> = { left: 'model_a', right: 'model_b', tie: 'tie' };
  const lines = ['question_id,model_a,model_b,winner,judge,task,comparison_id'];
  for (const { fields } of rows) {
    const get = (name: string) => fields[column(name)] ?? '';
    lines.push(
      [
        get('id'),
        get('left'),
        get('right'),
        winner[get('winner')] ?? '?',
        get('worker'),
        get('prompt'),
        get('id'),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** evalica's half-win Bradley-Terry strengths as mean-removed Elo. */
function goldenElo(): Map<string, number> {
  const rows = parseCsv(fs.readFileSync(`${DATA_DIR}/golden.csv`, 'utf8'))
    .slice(1)
    .filter(({ fields }) => fields[0] === 'bradley_terry');
  const elo = rows.map(
    ({ fields }) => [fields[1] ?? '', 400 * Math.log10(Number(fields[2]))] as const,
  );
  const mean = elo.reduce((s, [, e]) => s + e, 0) / elo.length;
  return new Map(elo.map(([item, e]) => [item, e - mean]));
}

test("arena rank --ties half reproduces evalica's Bradley-Terry ratings within 0.1 Elo", async (t) => {
  const file = path.join(dir, 'llmfao.csv');
  fs.writeFileSync(file, llmfaoBattles());
  const { code, stdout } = await arena([
    'rank',
    file,
    '--ties',
    'half',
    '--json',
    '--bootstrap',
    '100',
  ]);
  assert.equal(code, 0);
  const board = JSON.parse(stdout);
  assert.equal(board.prior_strength, 0, 'plain maximum likelihood under half ties');
  const golden = goldenElo();
  assert.equal(board.policies.length, golden.size);
  const mean =
    board.policies.reduce((s: number, p: { rating: number }) => s + p.rating, 0) / golden.size;
  let largest = 0;
  for (const p of board.policies)
    largest = Math.max(largest, Math.abs(p.rating - mean - (golden.get(p.policy) ?? NaN)));
  t.diagnostic(`largest deviation from evalica: ${largest.toExponential(2)} Elo`);
  assert.ok(largest < 0.1, `${largest} Elo`);
  const goldenOrder = [...golden].sort((x, y) => y[1] - x[1]).map(([p]) => p);
  assert.deepEqual(
    board.policies.map((p: { policy: string }) => p.policy),
    goldenOrder,
  );
  for (const p of board.policies) {
    assert.ok(p.ci_low < p.rating && p.rating < p.ci_high, `${p.policy} interval`);
    assert.ok(p.rank_best <= p.rank && p.rank <= p.rank_worst, `${p.policy} rank range`);
  }
});

test('the text leaderboard shows ratings, intervals, rank ranges and W/L/T', async () => {
  const file = path.join(dir, 'small.jsonl');
  const lines = [];
  for (let k = 0; k < 60; k++) {
    const winner = k % 5 === 0 ? 'tie' : k % 3 === 0 ? 'model_b' : 'model_a';
    lines.push(JSON.stringify({ model_a: k % 2 ? 'alpha' : 'beta', model_b: 'gamma', winner }));
  }
  fs.writeFileSync(file, lines.join('\n'));
  const { code, stdout } = await arena(['rank', file, '--bootstrap', '100', '--anchor', 'gamma']);
  assert.equal(code, 0);
  assert.match(
    stdout,
    /rank\s+policy\s+rating\s+95% interval\s+rank range\s+comparisons\s+W \/ L \/ T/,
  );
  assert.match(stdout, /gamma\s+1000\.0\s+1000\.0 – 1000\.0/);
  assert.match(stdout, /Davidson tie parameter nu = /);
});

test('a bad file fails with its name, line and column, exit code 1 and no stack trace', async () => {
  const file = path.join(dir, 'bad.csv');
  fs.writeFileSync(file, 'model_a,model_b,winner\nalpha,beta,model_a\nalpha,beta,draw\n');
  const [bad, missing, usage] = await Promise.all([
    arena(['rank', file]),
    arena(['rank', path.join(dir, 'nope.csv')]),
    arena(['rank', file, '--ties', 'thirds']),
  ]);
  assert.equal(bad.code, 1);
  assert.equal(
    bad.stderr.trim(),
    `arena: ${file}: line 3, column winner: winner must be model_a, model_b, tie or "tie (bothbad)" (got "draw")`,
  );
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.csv: ENOENT/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--ties must be davidson or half/);
});

// Ranking at scale: 1,000,000 battles among 100 policies, read from a generated file, aggregated
// and fitted (target: under 1 s end to end), and 1000 bootstrap rounds (target: under 2 s), both
// from the file (`arena rank`) and through bootstrapIntervals on judgement objects (the services).
// Baselines measured in the same run: a naive reader (split or JSON.parse per line into judgement
// objects, then the library's judgement path) and the textbook bootstrap that draws every
// comparison of every round as an object. K-wise: 10,000 4-wise rankings (among 10 and among 100
// policies) read from JSON Lines, fitted by Plackett-Luce with 1000 bootstrap rounds as
// `arena rank` does (target: a few seconds), against the textbook bootstrap that redraws and
// refits every ranking.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJudgementFile } from '../cli/commands/rank.ts';
import { rankRankingTable } from '../services/ranking/plackett-luce-leaderboard.ts';
import { rankingTableFromJudgements } from '../services/ranking/ranking-table.ts';
import {
  fillTableCounts,
  tableFromJudgements,
  tableFromLog,
} from '../services/ranking/battle-table.ts';
import { bootstrapTable } from '../services/ranking/bootstrap-table.ts';
import {
  aggregateCounts,
  bootstrapIntervals,
  fitBradleyTerry,
  fitPlackettLuce,
  mulberry32,
} from '../services/ranking/index.ts';
import type { FitResult, Judgement, RankingJudgement } from '../services/ranking/index.ts';
import { emptyPairCounts } from '../services/ranking/pair-counts.ts';

const BATTLES = 1_000_000;
const POLICIES = 100;
const WINNERS = ['model_a', 'model_b', 'tie'] as const;

/** Battles from a Davidson model (nu = 0.5) with ratings spread over about 1000 Elo. */
function writeBattles(dir: string): { csv: string; jsonl: string } {
  const random = mulberry32(20_260_101);
  const strength = Array.from({ length: POLICIES }, (_, i) => 10 ** ((i - POLICIES / 2) / 50));
  const csv: string[] = ['model_a,model_b,winner,task'];
  const jsonl: string[] = [];
  for (let k = 0; k < BATTLES; k++) {
    const a = Math.floor(random() * POLICIES);
    let b = Math.floor(random() * (POLICIES - 1));
    if (b >= a) b++;
    const pa = strength[a] ?? 1;
    const pb = strength[b] ?? 1;
    const u = random() * (pa + pb + 0.5 * Math.sqrt(pa * pb));
    const winner = WINNERS[u < pa ? 0 : u < pa + pb ? 1 : 2];
    const task = `task-${k % 16}`;
    csv.push(`policy-${a},policy-${b},${winner},${task}`);
    jsonl.push(
      `{"model_a":"policy-${a}","model_b":"policy-${b}","winner":"${winner}","task":"${task}"}`,
    );
  }
  const files = { csv: path.join(dir, 'battles.csv'), jsonl: path.join(dir, 'battles.jsonl') };
  fs.writeFileSync(files.csv, csv.join('\n') + '\n');
  fs.writeFileSync(files.jsonl, jsonl.join('\n') + '\n');
  return files;
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Our path: stream the file through the pure reader, aggregate to patterns, fit. */
async function fast(file: string): Promise<FitResult> {
  const table = tableFromLog((await readJudgementFile(file)).battles);
  return fitBradleyTerry(fillTableCounts(table, emptyPairCounts(table)), { ties: 'half' });
}

const OUTCOME = { model_a: 'A', model_b: 'B', tie: 'tie' } as const;

/** The obvious path: one judgement object per line, then the library's judgement API. */
function naiveJudgements(file: string): Judgement[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  if (file.endsWith('.jsonl')) {
    return lines.map((line) => {
      const row = JSON.parse(line) as { model_a: string; model_b: string; winner: 'tie' };
      return { a: row.model_a, b: row.model_b, outcome: OUTCOME[row.winner] };
    });
  }
  return lines.slice(1).map((line) => {
    const [a = '', b = '', winner = 'tie'] = line.split(',');
    return { a, b, outcome: OUTCOME[winner as 'tie'] };
  });
}

function largestDifference(x: FitResult, y: FitResult): number {
  return Math.max(...x.ratings.map((r, i) => Math.abs(r - (y.ratings[i] ?? NaN))));
}

export default async function rankingBenchmark(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-bench-'));
  try {
    const files = writeBattles(dir);
    console.log(`${BATTLES} battles among ${POLICIES} policies; ${os.cpus().length} cores`);
    await fast(files.csv); // warm up the JIT on the same code path
    for (const [format, file] of Object.entries(files)) {
      const ours = await time(() => fast(file));
      const naive = await time(() =>
        fitBradleyTerry(aggregateCounts(naiveJudgements(file)), { ties: 'half' }),
      );
      console.log(
        `${format.padEnd(5)} read + aggregate + fit: ${ours.ms.toFixed(0)} ms (target < 1000); ` +
          `naive per-line reader + library judgements: ${naive.ms.toFixed(0)} ms; ` +
          `speed-up ${(naive.ms / ours.ms).toFixed(1)}x; ` +
          `largest rating difference ${largestDifference(ours.value, naive.value).toExponential(1)} Elo`,
      );
    }

    const table = tableFromLog((await readJudgementFile(files.csv)).battles);
    for (const ties of ['davidson', 'half'] as const) {
      const boot = await time(() => bootstrapTable(table, { rounds: 1000, seed: 1, ties }));
      console.log(
        `${ties.padEnd(8)} 1000 bootstrap rounds: ${boot.ms.toFixed(0)} ms (target < 2000); ` +
          `${boot.value.unconvergedRounds} unconverged`,
      );
    }
    // The textbook bootstrap draws every comparison in every round; 3 rounds extrapolate.
    const judgements = naiveJudgements(files.csv);
    const baselineRounds = 3;
    const baseline = await time(() => {
      const random = mulberry32(1);
      for (let round = 0; round < baselineRounds; round++) {
        const drawn = judgements.map(
          (first) => judgements[Math.floor(random() * judgements.length)] ?? first,
        );
        fitBradleyTerry(aggregateCounts(drawn), { ties: 'davidson' });
      }
    });
    const perRound = baseline.ms / baselineRounds;
    const library = await time(() => bootstrapIntervals(judgements, { rounds: 1000, seed: 1 }));
    const tabled = await time(() => tableFromJudgements(judgements));
    const ours = await time(() => bootstrapTable(table, { rounds: 100, seed: 1 }));
    console.log(
      `bootstrapIntervals, 1000 rounds on ${judgements.length} judgement objects: ` +
        `${library.ms.toFixed(0)} ms in all; building the table from the objects alone ` +
        `takes ${tabled.ms.toFixed(0)} ms`,
    );
    console.log(
      `pattern bootstrap ${(ours.ms / 100).toFixed(2)} ms per round; textbook bootstrap ` +
        `(every comparison drawn as an object) ${perRound.toFixed(0)} ms per round, ` +
        `~${perRound.toFixed(0)} s for 1000: ${(perRound / (ours.ms / 100)).toFixed(0)}x`,
    );
    for (const policies of [10, 100]) await kwiseBenchmark(dir, policies);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const RANKINGS = 10_000;
const K = 4;

/** 4-wise Plackett-Luce rankings (Gumbel-max draws) with ratings spread over about 800 Elo. */
function writeRankings(dir: string, policies: number): string {
  const random = mulberry32(20_260_102);
  const lines: string[] = [];
  for (let r = 0; r < RANKINGS; r++) {
    const pool = Array.from({ length: policies }, (_, i) => i);
    const keyed: { name: string; key: number }[] = [];
    while (keyed.length < K) {
      const [i = 0] = pool.splice(Math.floor(random() * pool.length), 1);
      const logStrength = (4 * i) / policies;
      keyed.push({ name: `policy-${i}`, key: logStrength - Math.log(-Math.log(1 - random())) });
    }
    keyed.sort((x, y) => y.key - x.key);
    lines.push(JSON.stringify({ ranking: keyed.map((k) => k.name), task: `task-${r % 16}` }));
  }
  const file = path.join(dir, `rankings-${policies}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function kwiseBenchmark(dir: string, policies: number): Promise<void> {
  const file = writeRankings(dir, policies);
  const ranked = await time(async () => {
    const { rankings } = await readJudgementFile(file);
    return rankRankingTable(rankingTableFromJudgements(rankings), { bootstrapRounds: 1000 });
  });
  const rankings = (await readJudgementFile(file)).rankings;
  // The textbook bootstrap: redraw every ranking and refit from scratch; 3 rounds extrapolate.
  const baselineRounds = 3;
  const baseline = await time(() => {
    const random = mulberry32(1);
    for (let round = 0; round < baselineRounds; round++) {
      const drawn: RankingJudgement[] = rankings.map(
        (first) => rankings[Math.floor(random() * rankings.length)] ?? first,
      );
      fitPlackettLuce(drawn);
    }
  });
  const perRound = baseline.ms / baselineRounds;
  const bootstrap = ranked.value.bootstrap;
  console.log(
    `K-wise: ${RANKINGS} ${K}-wise rankings among ${policies} policies, read + fit + 1000 ` +
      `bootstrap rounds (arena rank): ${ranked.ms.toFixed(0)} ms; ` +
      `${bootstrap?.unconvergedRounds ?? 0} unconverged; textbook bootstrap ` +
      `${perRound.toFixed(0)} ms per round, ~${perRound.toFixed(0)} s for 1000: ` +
      `${((1000 * perRound) / ranked.ms).toFixed(0)}x`,
  );
}

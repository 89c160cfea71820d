import { CsvParser } from './battle-csv.ts';
import { BattleFileError } from './battle-errors.ts';
import { parseJsonlRecord } from './battle-jsonl.ts';
import { BattleLogBuilder, BattleOutcome } from './battle-log.ts';
import type { BattleLog, BattleOutcomeCode } from './battle-log.ts';
import { InvalidJudgementError } from './errors.ts';
import { rankingGroups } from './plackett-luce-stages.ts';
import type { RankingJudgement } from './types.ts';

export type BattleFormat = 'csv' | 'jsonl';

/** The Chatbot Arena export's `winner` values. */
const WINNERS: ReadonlyMap<string, BattleOutcomeCode> = new Map([
  ['model_a', BattleOutcome.AWins],
  ['model_b', BattleOutcome.BWins],
  ['tie', BattleOutcome.Tie],
  ['tie (bothbad)', BattleOutcome.Tie],
]);

export const BATTLE_COLUMNS = ['model_a', 'model_b', 'winner'] as const;
/** Optional columns; any other column is ignored. */
export const OPTIONAL_BATTLE_COLUMNS = ['task', 'judge', 'comparison_id'] as const;

/** One record's fields as read, before validation: a battle, or (JSON Lines) a ranking. */
export interface RawBattle {
  modelA: unknown;
  modelB: unknown;
  winner: unknown;
  task?: unknown;
  judge?: unknown;
  comparisonId?: unknown;
  /** A K-wise ranking, best first; an inner array is a tied group. */
  ranking?: unknown;
}

/**
 * Validates one battle and appends it. `task`, `judge` and `comparison_id` may be strings or
 * numbers (ids in JSON often are); empty or null means absent.
 */
function addBattle(builder: BattleLogBuilder, raw: RawBattle, line: number): void {
  const modelA = requireName(raw.modelA, 'model_a', line);
  const modelB = requireName(raw.modelB, 'model_b', line);
  if (modelA === modelB) {
    throw new BattleFileError(
      `model_a and model_b are the same policy "${modelA}"`,
      line,
      'model_b',
    );
  }
  const outcome = typeof raw.winner === 'string' ? WINNERS.get(raw.winner) : undefined;
  if (outcome === undefined) {
    throw new BattleFileError(
      `winner must be model_a, model_b, tie or "tie (bothbad)" (got ${JSON.stringify(raw.winner) ?? 'nothing'})`,
      line,
      'winner',
    );
  }
  builder.add(
    modelA,
    modelB,
    outcome,
    optionalName(raw.task, 'task', line),
    optionalName(raw.judge, 'judge', line),
    optionalName(raw.comparisonId, 'comparison_id', line),
  );
}

function requireName(value: unknown, column: string, line: number): string {
  if (typeof value !== 'string' || value === '') {
    throw new BattleFileError(
      `a non-empty policy name is required (got ${JSON.stringify(value) ?? 'nothing'})`,
      line,
      column,
    );
  }
  return value;
}

function optionalName(value: unknown, column: string, line: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new BattleFileError(`must be a string or a number`, line, column);
}

/**
 * Validates one ranking record and appends it, its ranking normalised (a lone name as a string,
 * a tied group as an array). The problem named is the library's (rankingGroups), at this line.
 */
function addRanking(rankings: RankingJudgement[], raw: RawBattle, line: number): void {
  for (const [column, value] of [
    ['model_a', raw.modelA],
    ['model_b', raw.modelB],
    ['winner', raw.winner],
  ] as const) {
    if (value !== undefined) {
      throw new BattleFileError(
        'a record is either a ranking or a battle (model_a, model_b, winner), not both',
        line,
        column,
      );
    }
  }
  let groups: string[][];
  try {
    groups = rankingGroups({ ranking: raw.ranking as RankingJudgement['ranking'] }, line);
  } catch (error) {
    if (error instanceof InvalidJudgementError) {
      throw new BattleFileError(error.problem, line, 'ranking');
    }
    throw error;
  }
  rankings.push({
    ranking: groups.map((group) => (group.length === 1 ? (group[0] ?? '') : group)),
    task: optionalName(raw.task, 'task', line),
    judge: optionalName(raw.judge, 'judge', line),
    comparisonId: optionalName(raw.comparisonId, 'comparison_id', line),
  });
}

/** A reader fed chunks of a battle file; `end` returns every battle read. */
export interface BattleReader {
  push(chunk: string): void;
  end(): BattleLog;
}

/** What a judgement file holds: pairwise battles and K-wise rankings. */
export interface JudgementFile {
  readonly battles: BattleLog;
  /** Ranking records (JSON Lines only), in file order. */
  readonly rankings: readonly RankingJudgement[];
}

/** A reader fed chunks of a judgement file; `end` returns every battle and ranking read. */
export interface JudgementReader {
  push(chunk: string): void;
  end(): JudgementFile;
}

/**
 * Reads battles in the Chatbot Arena export format: CSV with a header row, or JSON Lines with one
 * object per line. Columns `model_a`, `model_b`, `winner` are required; `task`, `judge` and
 * `comparison_id` (judgements sharing one are resampled together) are optional; others are
 * ignored. Pure: feed it text from a file, a request body or a stream. Throws BattleFileError
 * naming the line and column of the first problem, including a ranking record (for those, see
 * createJudgementReader).
 */
export function createBattleReader(format: BattleFormat): BattleReader {
  const builder = new BattleLogBuilder();
  const reader = format === 'jsonl' ? jsonlReader(builder, null) : csvReader(builder);
  return { push: (chunk) => reader.push(chunk), end: () => reader.end().battles };
}

/**
 * createBattleReader, except that JSON Lines may also hold K-wise rankings, mixed with battles:
 * `{"ranking": ["pi0", ["octo", "rt1"], "rt2"], "task": ..., "judge": ..., "comparison_id": ...}`,
 * best first, an inner array a tied group. A ranking needs two or more distinct non-empty
 * names; a record with a ranking has no model_a, model_b or winner. CSV holds battles only.
 */
export function createJudgementReader(format: BattleFormat): JudgementReader {
  const builder = new BattleLogBuilder();
  return format === 'jsonl' ? jsonlReader(builder, []) : csvReader(builder);
}

function csvReader(builder: BattleLogBuilder): JudgementReader {
  let columns: Int32Array | null = null;
  let width = 0;
  let seen = false;
  const parser = new CsvParser((fields, line) => {
    if (columns === null) {
      columns = headerColumns(fields, line);
      width = fields.length;
      return;
    }
    if (fields.length !== width) {
      throw new BattleFileError(
        `expected ${width} fields as in the header, found ${fields.length}`,
        line,
        undefined,
      );
    }
    seen = true;
    const modelA = fields[columns[0] ?? -1];
    const modelB = fields[columns[1] ?? -1];
    const outcome = WINNERS.get(fields[columns[2] ?? -1] ?? '');
    const task = fields[columns[3] ?? -1];
    const judge = fields[columns[4] ?? -1];
    const comparisonId = fields[columns[5] ?? -1];
    // The hot path of a large file: valid rows skip building a RawBattle; a row that fails
    // this quick check goes through addBattle, which names the problem.
    if (modelA && modelB && modelA !== modelB && outcome !== undefined) {
      builder.add(modelA, modelB, outcome, task, judge, comparisonId);
    } else {
      const winner = fields[columns[2] ?? -1];
      addBattle(builder, { modelA, modelB, winner, task, judge, comparisonId }, line);
    }
  });
  return {
    push: (chunk) => parser.push(chunk),
    end() {
      parser.end();
      if (columns === null)
        throw new BattleFileError('the file is empty (no header row)', 1, undefined);
      if (!seen) throw new BattleFileError('no battles after the header row', 2, undefined);
      return { battles: builder.build(), rankings: [] };
    },
  };
}

/** Positions of the required then optional columns in the header (-1 when absent). */
function headerColumns(header: string[], line: number): Int32Array {
  const names = header.map((h) => h.trim());
  const positions = Int32Array.from([...BATTLE_COLUMNS, ...OPTIONAL_BATTLE_COLUMNS], (c) =>
    names.indexOf(c),
  );
  BATTLE_COLUMNS.forEach((column, i) => {
    if ((positions[i] ?? -1) < 0) {
      const hint = names.includes('ranking')
        ? '; K-wise rankings are read from JSON Lines only, CSV holds pairwise battles'
        : '';
      throw new BattleFileError(
        `the header has no ${column} column (found: ${names.join(', ')})${hint}`,
        line,
        column,
      );
    }
  });
  return positions;
}

/** `rankings` collects ranking records; null means they are an error (a battle reader). */
function jsonlReader(
  builder: BattleLogBuilder,
  rankings: RankingJudgement[] | null,
): JudgementReader {
  let buffer = '';
  let line = 1;
  const consume = (text: string, final: boolean) => {
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      if (end < 0) {
        if (!final) break;
        end = text.length;
      }
      const record = parseJsonlRecord(text, start, end, line);
      if (record !== null) {
        if (record.ranking === undefined) addBattle(builder, record, line);
        else if (rankings !== null) addRanking(rankings, record, line);
        else {
          throw new BattleFileError(
            'a K-wise ranking; only pairwise battles (model_a, model_b, winner) are read here',
            line,
            'ranking',
          );
        }
      }
      line++;
      start = end + 1;
      if (start >= text.length) break;
    }
    buffer = start >= text.length ? '' : text.slice(start);
  };
  return {
    push: (chunk) => consume(buffer === '' ? chunk : buffer + chunk, false),
    end() {
      consume(buffer, true);
      const battles = builder.build();
      if (battles.count === 0 && (rankings ?? []).length === 0) {
        const what = rankings === null ? 'battles' : 'battles or rankings';
        throw new BattleFileError(`no ${what} in the file`, 1, undefined);
      }
      return { battles, rankings: rankings ?? [] };
    },
  };
}

/** All battles of a complete text. */
export function readBattles(text: string, format: BattleFormat): BattleLog {
  const reader = createBattleReader(format);
  reader.push(text);
  return reader.end();
}

/** The format implied by a file name, else by the first non-blank character. */
export function detectBattleFormat(fileName: string, start: string): BattleFormat {
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return start.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/** All battles and rankings of a complete text. */
export function readJudgements(text: string, format: BattleFormat): JudgementFile {
  const reader = createJudgementReader(format);
  reader.push(text);
  return reader.end();
}

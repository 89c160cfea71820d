import { errorMessage } from '../../lib/error-message.ts';
import { BattleFileError } from './battle-errors.ts';
import type { RawBattle } from './battle-reader.ts';

/** JSON keys of the fields a battle or ranking record reads; other keys are skipped. */
const KEYS: Readonly<Record<string, keyof RawBattle>> = {
  model_a: 'modelA',
  model_b: 'modelB',
  winner: 'winner',
  task: 'task',
  judge: 'judge',
  comparison_id: 'comparisonId',
  ranking: 'ranking',
};

/**
 * Parses the JSON Lines record in `text[start, end)`; null for a blank line. Flat objects whose
 * strings have no escapes (nearly every battle export) are scanned directly, which is several
 * times faster than JSON.parse per line; anything else (escapes, nested values, odd spacing,
 * syntax errors) goes through JSON.parse, so the result is always what JSON.parse would give.
 */
export function parseJsonlRecord(
  text: string,
  start: number,
  end: number,
  line: number,
): RawBattle | null {
  let i = start;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  if (i === end) return null;
  return scanFlatObject(text, i, end) ?? parseWithJson(text.slice(start, end), line);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** The fast path; undefined means "not simple enough, use JSON.parse". */
function scanFlatObject(text: string, from: number, end: number): RawBattle | undefined {
  if (text.charCodeAt(from) !== 123 /* { */) return undefined;
  const record: RawBattle = { modelA: undefined, modelB: undefined, winner: undefined };
  let i = from + 1;
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 125 /* } */ && i === from + 1) break; // {}
    if (text.charCodeAt(i) !== 34) return undefined;
    const keyEnd = text.indexOf('"', i + 1);
    if (keyEnd < 0 || keyEnd >= end) return undefined;
    const key = text.slice(i + 1, keyEnd);
    if (key.includes('\\')) return undefined;
    i = keyEnd + 1;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 58 /* : */) return undefined;
    i++;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    let value: unknown;
    if (text.charCodeAt(i) === 34) {
      const valueEnd = text.indexOf('"', i + 1);
      if (valueEnd < 0 || valueEnd >= end) return undefined;
      value = text.slice(i + 1, valueEnd);
      if ((value as string).includes('\\')) return undefined;
      i = valueEnd + 1;
    } else {
      let tokenEnd = i;
      while (tokenEnd < end) {
        const c = text.charCodeAt(tokenEnd);
        if (c === 44 || c === 125 || isSpace(c)) break;
        if (c === 123 || c === 91 || c === 34) return undefined; // nested or malformed
        tokenEnd++;
      }
      const token = text.slice(i, tokenEnd);
      if (token === 'null') value = null;
      else if (token === 'true') value = true;
      else if (token === 'false') value = false;
      else if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(token)) value = Number(token);
      else return undefined;
      i = tokenEnd;
    }
    const field = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (field !== undefined) record[field] = value;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    i++;
    if (c === 44) continue;
    if (c === 125) break;
    return undefined;
  }
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i === end ? record : undefined;
}

function parseWithJson(source: string, line: number): RawBattle {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const message = errorMessage(error);
    throw new BattleFileError(`invalid JSON: ${message}`, line, undefined);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BattleFileError('each line must be a JSON object', line, undefined);
  }
  const object = value as Record<string, unknown>;
  return {
    modelA: object.model_a,
    modelB: object.model_b,
    winner: object.winner,
    task: object.task,
    judge: object.judge,
    comparisonId: object.comparison_id,
    ranking: object.ranking,
  };
}

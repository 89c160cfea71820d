import type { BattleFormat } from './battle-reader.ts';

/** One battle as exported: the Chatbot Arena columns plus where the judgement came from. */
export interface BattleRow {
  readonly model_a: string;
  readonly model_b: string;
  /** `tie (bothbad)` is Chatbot Arena's tie in which both sides failed. */
  readonly winner: 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';
  readonly task: string;
  readonly judge: string;
  /** Judgements of one paired comparison share it, so `arena rank` resamples them together. */
  readonly comparison_id: string;
  readonly source: string;
}

export const BATTLE_ROW_COLUMNS = [
  'model_a',
  'model_b',
  'winner',
  'task',
  'judge',
  'comparison_id',
  'source',
] as const satisfies readonly (keyof BattleRow)[];

/** A CSV field, quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Battles as a CSV (with header) or JSON Lines text that `readBattles` reads back unchanged. */
export function formatBattles(rows: readonly BattleRow[], format: BattleFormat): string {
  if (format === 'jsonl') return rows.map((row) => JSON.stringify(row) + '\n').join('');
  const lines = [BATTLE_ROW_COLUMNS.join(',')];
  for (const row of rows) lines.push(BATTLE_ROW_COLUMNS.map((c) => csvField(row[c])).join(','));
  return lines.join('\n') + '\n';
}

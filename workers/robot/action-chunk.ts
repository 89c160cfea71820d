import { actionRowsOf } from '../../openpi/index.ts';

export type ActionChunk = { rows: number[][]; problem: null } | { rows: null; problem: string };

/**
 * Reads a policy result's `actions` (see actionRowsOf) as rows of `actionLength` finite numbers.
 * A policy whose rows are longer than the robot's action (e.g. padded to a common width) is
 * refused rather than truncated: the station cannot know which entries were meant.
 */
export function actionRows(
  actions: unknown,
  actionLength: number,
  columns?: readonly number[],
): ActionChunk {
  const refuse = (problem: string): ActionChunk => ({ rows: null, problem });
  if (actions === undefined) return refuse('the policy result has no "actions"');
  const read = actionRowsOf(actions);
  if (read.rows === null) return refuse(read.problem);
  let rows = read.rows;
  if (columns !== undefined) {
    // The policy's registered actionColumns pick this robot's values out of wider rows.
    const needed = Math.max(...columns) + 1;
    const short = rows.findIndex((row) => row.length < needed);
    if (short >= 0) {
      return refuse(
        `action ${short} has ${rows[short]?.length ?? 0} values; the policy's actionColumns need at least ${needed}`,
      );
    }
    rows = rows.map((row) => columns.map((column) => row[column] ?? Number.NaN));
  }
  for (const [index, row] of rows.entries()) {
    if (row.length !== actionLength) {
      return refuse(
        `action ${index} has ${row.length} values; this robot takes ${actionLength} per action`,
      );
    }
    const bad = row.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) return refuse(`action ${index} has a non-finite value at index ${bad}`);
  }
  return { rows, problem: null };
}

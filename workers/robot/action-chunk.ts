import { isNdArray } from '../../openpi/msgpack-numpy.ts';

export type ActionChunk = { rows: number[][]; problem: null } | { rows: null; problem: string };

/**
 * Reads a policy result's `actions` as rows of `actionLength` finite numbers: an (H, A) array
 * (an action chunk), an (A,) array (one action), or the same as nested lists. A policy whose
 * rows are longer than the robot's action (e.g. padded to a common width) is refused rather than
 * truncated: the station cannot know which entries were meant.
 */
export function actionRows(actions: unknown, actionLength: number): ActionChunk {
  const refuse = (problem: string): ActionChunk => ({ rows: null, problem });
  let rows: unknown[][];
  if (isNdArray(actions)) {
    const { shape, data } = actions;
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      return refuse(`actions have dtype ${actions.dtype}; expected floats`);
    }
    if (shape.length === 1) rows = [Array.from(data)];
    else if (shape.length === 2) {
      const [height = 0, width = 0] = shape;
      rows = Array.from({ length: height }, (_, row) =>
        Array.from(data.subarray(row * width, (row + 1) * width)),
      );
    } else {
      return refuse(`actions have shape [${shape.join(', ')}]; expected (H, ${actionLength})`);
    }
  } else if (Array.isArray(actions)) {
    const nested = actions.length > 0 && actions.every(Array.isArray);
    rows = nested ? (actions as unknown[][]) : [actions];
  } else {
    return refuse(
      actions === undefined
        ? 'the policy result has no "actions"'
        : `"actions" is ${actions === null ? 'null' : typeof actions}, not an array`,
    );
  }
  if (rows.length === 0 || rows[0]?.length === 0) return refuse('the policy sent no actions');
  const checked: number[][] = [];
  for (const [index, row] of rows.entries()) {
    if (row.length !== actionLength) {
      return refuse(
        `action ${index} has ${row.length} values; this robot takes ${actionLength} per action`,
      );
    }
    const bad = row.findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
    if (bad >= 0) return refuse(`action ${index} has a non-finite value at index ${bad}`);
    checked.push(row as number[]);
  }
  return { rows: checked, problem: null };
}

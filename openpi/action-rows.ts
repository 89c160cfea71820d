import { isNdArray, type NdArray } from './msgpack-numpy.ts';

export type ActionRows = { rows: number[][]; problem: null } | { rows: null; problem: string };

/**
 * A result's `actions` as rows: an (H, A) array (an action chunk), an (A) array (one action), or
 * the same as lists of equal-length numeric rows. What the rows must hold (how many values, which
 * columns) is the caller's business; problems name `"actions"`, for the caller to say whose.
 */
export function actionRowsOf(actions: unknown): ActionRows {
  const rows = isNdArray(actions) ? ndarrayRows(actions) : listRows(actions);
  if (typeof rows === 'string') return { rows: null, problem: rows };
  if (rows.length === 0 || (rows[0]?.length ?? 0) === 0) {
    return { rows: null, problem: '"actions" is empty' };
  }
  return { rows, problem: null };
}

function ndarrayRows(actions: NdArray): number[][] | string {
  const { shape } = actions;
  const values = Array.from(actions.data as ArrayLike<number | bigint>, Number);
  if (shape.length === 1) return [values];
  if (shape.length === 2) {
    const [height = 0, width = 0] = shape;
    return Array.from({ length: height }, (_, row) => values.slice(row * width, (row + 1) * width));
  }
  return `"actions" has shape [${shape.join(', ')}]; expected (H, A) or (A)`;
}

function listRows(actions: unknown): number[][] | string {
  const isNumbers = (value: unknown): value is number[] =>
    Array.isArray(value) && value.every((entry) => typeof entry === 'number');
  if (isNumbers(actions)) return [actions];
  if (Array.isArray(actions) && actions.every(isNumbers)) {
    const width = actions[0]?.length ?? 0;
    if (actions.every((row) => row.length === width)) return actions;
  }
  return '"actions" is neither a numeric array of shape (H, A) or (A) nor a list of equal-length rows of numbers';
}

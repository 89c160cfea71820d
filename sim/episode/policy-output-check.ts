import {
  actionLength as servoActionLength,
  actionWidth,
  describeActionRow,
  endEffectorDeltaLength,
  type ActionMode,
} from '../observation.ts';

export type CheckedOutput = { rows: number[][]; problem: null } | { rows: null; problem: string };

/**
 * Accepts one action (a flat array of `actionWidth(mode)` finite numbers) or a chunk (a non-empty
 * array of such rows) and returns the rows as the servos take them (`actionLength` wide). An
 * ee-delta row may also carry an unused seventh arm value before the gripper (eight numbers, as
 * the built-in experts and the station links send it). Finite values outside the bounds are not
 * a problem: they are clamped when written, as a real servo saturates.
 */
export function checkPolicyOutput(value: unknown, mode: ActionMode): CheckedOutput {
  const actionLength = actionWidth(mode);
  const widths = mode === 'ee-delta' ? [actionLength, servoActionLength] : [actionLength];
  const refuse = (problem: string): CheckedOutput => ({ rows: null, problem });
  if (!isArrayLike(value)) {
    return refuse(
      `policy returned ${describe(value)}, not an action of ${actionLength} numbers or a chunk of them`,
    );
  }
  const entries: unknown[] = Array.from(value);
  const isChunk = entries.length > 0 && entries.every(isArrayLike);
  const rows: unknown[] = isChunk ? entries : [entries];
  if (rows.length === 0 || entries.length === 0) return refuse('policy returned an empty action');
  const checked: number[][] = [];
  for (const [rowIndex, row] of rows.entries()) {
    const values: unknown[] = Array.from(row as ArrayLike<unknown>);
    const where = isChunk ? ` in chunk row ${rowIndex}` : '';
    if (!widths.includes(values.length)) {
      return refuse(
        `policy returned ${values.length} values${where}; an action in ${mode} mode has ${actionLength} (${describeActionRow(mode)})`,
      );
    }
    for (const [index, entry] of values.entries()) {
      if (typeof entry !== 'number' || !Number.isFinite(entry)) {
        return refuse(
          `policy returned a non-finite value (${String(entry)}) at index ${index}${where}`,
        );
      }
    }
    checked.push(servoRow(values as number[]));
  }
  return { rows: checked, problem: null };
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || value instanceof Float64Array || value instanceof Float32Array;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

/** An ee-delta row of six and the gripper gets the servos' unused seventh arm value. */
function servoRow(values: number[]): number[] {
  if (values.length === servoActionLength) return values;
  return [...values.slice(0, endEffectorDeltaLength), 0, ...values.slice(endEffectorDeltaLength)];
}

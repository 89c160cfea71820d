import type { Action, ActionBounds } from './observation.ts';

export type CheckedAction = { action: Action; problem: null } | { action: null; problem: string };

/**
 * Accepts an action only if it has one finite number per actuator. Finite values outside the
 * bounds are not a problem: they are clamped when written, as a real servo would saturate.
 */
export function checkAction(value: unknown, expectedLength: number): CheckedAction {
  const refuse = (problem: string): CheckedAction => ({ action: null, problem });
  if (!(Array.isArray(value) || value instanceof Float64Array)) {
    return refuse(
      `policy returned ${describe(value)}, not an array of ${expectedLength} joint targets`,
    );
  }
  if (value.length !== expectedLength) {
    return refuse(
      `policy returned ${value.length} joint targets, the task has ${expectedLength} actuators`,
    );
  }
  const targets: unknown[] = Array.from(value);
  for (const [index, target] of targets.entries()) {
    if (typeof target !== 'number' || !Number.isFinite(target)) {
      return refuse(
        `policy returned a non-finite joint target (${String(target)}) at index ${index}`,
      );
    }
  }
  return { action: targets as number[], problem: null };
}

export function writeClampedAction(action: Action, bounds: ActionBounds, ctrl: Float64Array): void {
  for (let index = 0; index < action.length; index += 1) {
    const lower = bounds.lowerRad[index] ?? -Infinity;
    const upper = bounds.upperRad[index] ?? Infinity;
    ctrl[index] = Math.min(upper, Math.max(lower, action[index] ?? 0));
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

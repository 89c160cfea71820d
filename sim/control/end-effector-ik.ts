/**
 * One damped-least-squares step of differential inverse kinematics: the joint displacement that
 * best moves the end effector by a small world-frame twist. The damping keeps the step bounded
 * near singular poses instead of flinging the arm. A redundant arm (seven joints for a six-number
 * twist) has joint motions that leave the end effector where it is; a posture term spends them
 * on drifting towards a rest pose, so the elbow and wrist do not wander off to their limits.
 */

const dampingSquared = 0.03 ** 2;
/** Largest joint change per control step, radians: a huge delta cannot whip the arm. */
const maxJointStepRad = 0.35;
const twistRows = 6;

/** A pull towards a rest pose, applied only in the Jacobian's null space. */
export interface PostureTerm {
  readonly currentRad: readonly number[];
  readonly restRad: readonly number[];
  /** Share of the distance to the rest pose asked for per step, in [0, 1]. */
  readonly gain: number;
}

/**
 * @param jacobian 6 rows (3 translational, then 3 rotational) × n joint columns, row-major.
 * @param twist dx, dy, dz (metres) then rx, ry, rz (radians).
 */
export function jointStepForTwist(
  jacobian: Float64Array,
  jointCount: number,
  twist: readonly number[],
  posture?: PostureTerm,
): number[] {
  const at = (row: number, column: number): number => jacobian[row * jointCount + column] ?? 0;
  // A = J Jᵀ + λ² I; J⁺ = Jᵀ A⁻¹ is the damped pseudo-inverse.
  const a = new Float64Array(twistRows * twistRows);
  for (let i = 0; i < twistRows; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = 0;
      for (let k = 0; k < jointCount; k += 1) sum += at(i, k) * at(j, k);
      a[i * twistRows + j] = sum;
      a[j * twistRows + i] = sum;
    }
    a[i * twistRows + i] = (a[i * twistRows + i] ?? 0) + dampingSquared;
  }
  const cholesky = choleskyFactor(a, twistRows);
  const pseudoInverseTimes = (vector: readonly number[]): number[] => {
    const y = choleskySolve(cholesky, twistRows, vector);
    return Array.from({ length: jointCount }, (_, k) => {
      let sum = 0;
      for (let i = 0; i < twistRows; i += 1) sum += at(i, k) * (y[i] ?? 0);
      return sum;
    });
  };
  const step = pseudoInverseTimes(twist);
  if (posture !== undefined) {
    // (I - J⁺J) z: the posture pull z with whatever it would do to the end effector taken out.
    const z = Array.from(
      { length: jointCount },
      (_, k) => posture.gain * ((posture.restRad[k] ?? 0) - (posture.currentRad[k] ?? 0)),
    );
    const jz = Array.from({ length: twistRows }, (_, i) => {
      let sum = 0;
      for (let k = 0; k < jointCount; k += 1) sum += at(i, k) * (z[k] ?? 0);
      return sum;
    });
    const removed = pseudoInverseTimes(jz);
    for (let k = 0; k < jointCount; k += 1) {
      step[k] = (step[k] ?? 0) + (z[k] ?? 0) - (removed[k] ?? 0);
    }
  }
  const largest = step.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const scale = largest > maxJointStepRad ? maxJointStepRad / largest : 1;
  return step.map((value) => value * scale);
}

/** Lower-triangular L with L Lᵀ = A; A is small, symmetric and positive definite (damped). */
function choleskyFactor(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k += 1) sum -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] ?? 1);
    }
  }
  return l;
}

function choleskySolve(l: Float64Array, n: number, b: readonly number[]): number[] {
  const z: number[] = [];
  for (let i = 0; i < n; i += 1) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k += 1) sum -= (l[i * n + k] ?? 0) * (z[k] ?? 0);
    z.push(sum / (l[i * n + i] ?? 1));
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = z[i] ?? 0;
    for (let k = i + 1; k < n; k += 1) sum -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (l[i * n + i] ?? 1);
  }
  return x;
}

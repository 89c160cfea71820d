/**
 * One damped-least-squares step of differential inverse kinematics: the joint displacement that
 * best moves the end effector by a small world-frame twist. The damping keeps the step bounded
 * near singular poses instead of flinging the arm.
 */

const dampingSquared = 0.03 ** 2;
/** Largest joint change per control step, radians: a huge delta cannot whip the arm. */
const maxJointStepRad = 0.35;

/**
 * @param jacobian 6 rows (3 translational, then 3 rotational) × n joint columns, row-major.
 * @param twist dx, dy, dz (metres) then rx, ry, rz (radians).
 */
export function jointStepForTwist(
  jacobian: Float64Array,
  jointCount: number,
  twist: readonly number[],
): number[] {
  const rows = 6;
  // A = J Jᵀ + λ² I, then Δq = Jᵀ A⁻¹ e.
  const a = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = 0;
      for (let k = 0; k < jointCount; k += 1) {
        sum += (jacobian[i * jointCount + k] ?? 0) * (jacobian[j * jointCount + k] ?? 0);
      }
      a[i * rows + j] = sum;
      a[j * rows + i] = sum;
    }
    a[i * rows + i] = (a[i * rows + i] ?? 0) + dampingSquared;
  }
  const y = solveSymmetricPositiveDefinite(a, rows, twist);
  const step: number[] = [];
  let largest = 0;
  for (let k = 0; k < jointCount; k += 1) {
    let sum = 0;
    for (let i = 0; i < rows; i += 1) sum += (jacobian[i * jointCount + k] ?? 0) * (y[i] ?? 0);
    step.push(sum);
    largest = Math.max(largest, Math.abs(sum));
  }
  const scale = largest > maxJointStepRad ? maxJointStepRad / largest : 1;
  return step.map((value) => value * scale);
}

/** Cholesky solve of A x = b; A is small, symmetric and positive definite (damped). */
function solveSymmetricPositiveDefinite(
  a: Float64Array,
  n: number,
  b: readonly number[],
): number[] {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k += 1) sum -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] ?? 1);
    }
  }
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

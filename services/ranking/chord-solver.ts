import { solvePositiveDefinite } from './linear-algebra.ts';

/** Chord steps allowed before handing a round to the full Newton method. */
const MAX_CHORD_STEPS = 60;

/**
 * Writes the gradient of a round's log-posterior at x into `out`; false when it is not finite
 * (the caller then falls back to Newton).
 */
export type GradientAt = (x: Float64Array, out: Float64Array) => boolean;

/**
 * Refits bootstrap resamples by the chord method: Newton steps that all reuse the Cholesky
 * factor of the full data's negated Hessian at the full data's optimum. A resample's Hessian
 * differs from it by sampling noise only, so each step shrinks the error by a small factor
 * (about the relative noise in the data) and a step costs one gradient plus two triangular
 * solves instead of a fresh O(n³) factorisation. It stops by the library's rule (a step below
 * `tolerance`), at the same optimum as Newton. When the steps stop shrinking, `refit` returns
 * false and the caller uses Newton. Model-agnostic: Bradley-Terry (ChordRefitter) and
 * Plackett-Luce bootstraps both use it.
 */
export class ChordSolver {
  readonly size: number;
  private readonly factor: Float64Array;
  private readonly step: Float64Array;

  /**
   * `negativeHessian` (size × size, row-major, at `optimum`) is overwritten by its factor.
   * Throws NotPositiveDefiniteError when it cannot be factorised.
   */
  constructor(
    negativeHessian: Float64Array,
    private readonly optimum: Float64Array,
    private readonly components: readonly (readonly number[])[],
    private readonly tolerance: number,
    private readonly gaugeFree: boolean,
  ) {
    const size = optimum.length;
    this.size = size;
    if (gaugeFree) {
      // Fix the origin of each component as the Newton solver does (see newton.ts).
      for (const component of components) {
        for (const r of component) {
          for (const c of component) {
            negativeHessian[r * size + c] =
              (negativeHessian[r * size + c] ?? 0) + 1 / component.length;
          }
        }
      }
    }
    // Factorise once; solvePositiveDefinite leaves the Cholesky factor L in the lower triangle.
    solvePositiveDefinite(negativeHessian, new Float64Array(size), size);
    this.factor = negativeHessian;
    this.step = new Float64Array(size);
  }

  /** Overwrites `x` with the optimum whose gradient `gradientAt` gives; false: use Newton. */
  refit(gradientAt: GradientAt, x: Float64Array): boolean {
    x.set(this.optimum);
    const step = this.step;
    let previousStep = Infinity;
    for (let iteration = 0; iteration < MAX_CHORD_STEPS; iteration++) {
      if (!gradientAt(x, step)) return false;
      this.solve(step);
      let largest = 0;
      for (let p = 0; p < this.size; p++) {
        const delta = step[p] ?? 0;
        x[p] = (x[p] ?? 0) + delta;
        largest = Math.max(largest, Math.abs(delta));
      }
      if (this.gaugeFree) this.recentre(x);
      if (!Number.isFinite(largest)) return false;
      if (largest < this.tolerance) return true;
      // Past the first few steps every step must shrink clearly, or Newton does better.
      if (iteration >= 3 && largest > 0.7 * previousStep) return false;
      previousStep = largest;
    }
    return false;
  }

  /** Solves L·Lᵀ·v = rhs in place with the stored factor. */
  private solve(rhs: Float64Array): void {
    const L = this.factor;
    const n = this.size;
    for (let i = 0; i < n; i++) {
      let sum = rhs[i] ?? 0;
      const row = i * n;
      for (let k = 0; k < i; k++) sum -= (L[row + k] ?? 0) * (rhs[k] ?? 0);
      rhs[i] = sum / (L[row + i] ?? 1);
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = rhs[i] ?? 0;
      for (let k = i + 1; k < n; k++) sum -= (L[k * n + i] ?? 0) * (rhs[k] ?? 0);
      rhs[i] = sum / (L[i * n + i] ?? 1);
    }
  }

  private recentre(x: Float64Array): void {
    for (const component of this.components) {
      let mean = 0;
      for (const i of component) mean += (x[i] ?? 0) / component.length;
      for (const i of component) x[i] = (x[i] ?? 0) - mean;
    }
  }
}

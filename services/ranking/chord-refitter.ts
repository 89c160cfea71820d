import { evaluatePosterior, parameterCount } from './davidson-posterior.ts';
import type { PosteriorModel } from './davidson-posterior.ts';
import { solvePositiveDefinite } from './linear-algebra.ts';

/** Chord steps allowed before handing a round to the full Newton method. */
const MAX_CHORD_STEPS = 60;

/**
 * Refits bootstrap resamples by the chord method: Newton steps that all reuse the Cholesky
 * factor of the full data's Hessian at the full data's optimum. A resample's Hessian differs
 * from it by sampling noise only, so each step shrinks the error by a small factor (about the
 * relative noise in the pair counts) and a step costs one gradient plus two triangular solves,
 * O(pairs + n²), instead of a fresh O(n³) factorisation: for 100 policies about 20 times cheaper
 * than a Newton iteration. It stops by the library's rule (a step below `tolerance`), at the
 * same optimum as Newton. When a resample differs structurally (a lost policy, a split graph,
 * no ties left) or the steps stop shrinking, `refit` returns false and the caller uses Newton.
 */
export class ChordRefitter {
  private readonly size: number;
  private readonly factor: Float64Array;
  private readonly gradient: Float64Array;
  private readonly expStrength: Float64Array;
  private readonly expHalfStrength: Float64Array;

  constructor(
    fullModel: PosteriorModel,
    private readonly optimum: Float64Array,
    private readonly components: readonly (readonly number[])[],
    private readonly tolerance: number,
  ) {
    const size = parameterCount(fullModel);
    this.size = size;
    const gradient = new Float64Array(size);
    const hessian = new Float64Array(size * size);
    evaluatePosterior(fullModel, optimum, gradient, hessian);
    if (fullModel.priorPrecision === 0) {
      // Fix the origin of each component as the Newton solver does (see newton.ts).
      for (const component of components) {
        for (const r of component) {
          for (const c of component) {
            hessian[r * size + c] = (hessian[r * size + c] ?? 0) + 1 / component.length;
          }
        }
      }
    }
    // Factorise once; solvePositiveDefinite leaves the Cholesky factor L in the lower triangle.
    solvePositiveDefinite(hessian, new Float64Array(size), size);
    this.factor = hessian;
    this.gradient = gradient;
    const n = fullModel.counts.policies.length;
    this.expStrength = new Float64Array(n);
    this.expHalfStrength = new Float64Array(n);
  }

  /** Overwrites `x` with the optimum of `model`; false when the caller should use Newton. */
  refit(model: PosteriorModel, x: Float64Array): boolean {
    if (parameterCount(model) !== this.size) return false;
    x.set(this.optimum);
    let previousStep = Infinity;
    for (let step = 0; step < MAX_CHORD_STEPS; step++) {
      if (!this.computeGradient(model, x)) return false;
      this.solve(this.gradient);
      let largest = 0;
      for (let p = 0; p < this.size; p++) {
        const delta = this.gradient[p] ?? 0;
        x[p] = (x[p] ?? 0) + delta;
        largest = Math.max(largest, Math.abs(delta));
      }
      if (model.priorPrecision === 0) this.recentre(x);
      if (!Number.isFinite(largest)) return false;
      if (largest < this.tolerance) return true;
      // Past the first few steps every step must shrink clearly, or Newton does better.
      if (step >= 3 && largest > 0.7 * previousStep) return false;
      previousStep = largest;
    }
    return false;
  }

  /**
   * The gradient of the log-posterior (davidson-posterior.ts's formula) into this.gradient.
   * Strengths are exponentiated once per policy, so a pair costs no exp.
   */
  private computeGradient(model: PosteriorModel, x: Float64Array): boolean {
    const { counts, hasTieParameter, priorPrecision } = model;
    const n = counts.policies.length;
    const g = this.gradient;
    const e = this.expStrength;
    const h = this.expHalfStrength;
    let shift = -Infinity;
    for (let i = 0; i < n; i++) shift = Math.max(shift, x[i] ?? 0);
    for (let i = 0; i < n; i++) {
      const u = (x[i] ?? 0) - shift;
      e[i] = Math.exp(u);
      h[i] = Math.exp(0.5 * u);
    }
    const nu = hasTieParameter ? Math.exp(x[n] ?? 0) : 0;
    g.fill(0);
    let tieGradient = 0;
    const { first, second, firstWins, secondWins, ties } = counts;
    for (let k = 0; k < first.length; k++) {
      const iWins = firstWins[k] ?? 0;
      const jWins = secondWins[k] ?? 0;
      const tied = hasTieParameter ? (ties[k] ?? 0) : 0;
      const total = iWins + jWins + tied;
      if (total === 0) continue;
      const i = first[k] ?? 0;
      const j = second[k] ?? 0;
      const ei = e[i] ?? 0;
      const ej = e[j] ?? 0;
      const et = nu * (h[i] ?? 0) * (h[j] ?? 0);
      const scale = total / (ei + ej + et);
      const halfTie = 0.5 * et * scale;
      g[i] = (g[i] ?? 0) + iWins + 0.5 * tied - ei * scale - halfTie;
      g[j] = (g[j] ?? 0) + jWins + 0.5 * tied - ej * scale - halfTie;
      tieGradient += tied - et * scale;
    }
    if (hasTieParameter) g[n] = tieGradient;
    for (let p = 0; p < this.size; p++) g[p] = (g[p] ?? 0) - priorPrecision * (x[p] ?? 0);
    return Number.isFinite(shift);
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

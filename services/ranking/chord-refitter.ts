import { evaluatePosterior, parameterCount } from './davidson-posterior.ts';
import type { PosteriorModel } from './davidson-posterior.ts';
import { ChordSolver } from './chord-solver.ts';

/**
 * Chord refits (see ChordSolver) of Bradley-Terry / Davidson resamples. A step costs one
 * gradient, O(pairs), plus two triangular solves, O(n²), instead of a fresh O(n³)
 * factorisation: for 100 policies about 20 times cheaper than a Newton iteration. When a
 * resample differs structurally (no ties left, so no tie parameter) `refit` returns false and
 * the caller uses Newton.
 */
export class ChordRefitter {
  private readonly size: number;
  private readonly solver: ChordSolver;
  private readonly expStrength: Float64Array;
  private readonly expHalfStrength: Float64Array;

  constructor(
    fullModel: PosteriorModel,
    optimum: Float64Array,
    components: readonly (readonly number[])[],
    tolerance: number,
  ) {
    const size = parameterCount(fullModel);
    this.size = size;
    const hessian = new Float64Array(size * size);
    evaluatePosterior(fullModel, optimum, new Float64Array(size), hessian);
    this.solver = new ChordSolver(
      hessian,
      optimum,
      components,
      tolerance,
      fullModel.priorPrecision === 0,
    );
    const n = fullModel.counts.policies.length;
    this.expStrength = new Float64Array(n);
    this.expHalfStrength = new Float64Array(n);
  }

  /** Overwrites `x` with the optimum of `model`; false when the caller should use Newton. */
  refit(model: PosteriorModel, x: Float64Array): boolean {
    if (parameterCount(model) !== this.size) return false;
    return this.solver.refit((at, gradient) => this.computeGradient(model, at, gradient), x);
  }

  /**
   * The gradient of the log-posterior (davidson-posterior.ts's formula) into `g`.
   * Strengths are exponentiated once per policy, so a pair costs no exp.
   */
  private computeGradient(model: PosteriorModel, x: Float64Array, g: Float64Array): boolean {
    const { counts, hasTieParameter, priorPrecision } = model;
    const n = counts.policies.length;
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
}

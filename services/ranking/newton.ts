import { evaluatePosterior, parameterCount } from './davidson-posterior.ts';
import type { PosteriorModel } from './davidson-posterior.ts';
import { NotPositiveDefiniteError, solvePositiveDefinite } from './linear-algebra.ts';

export interface NewtonSettings {
  readonly maxIterations: number;
  /** Converged once a full Newton step moves no parameter by more than this. */
  readonly tolerance: number;
  /** Connected components (policy indices); used to fix the scale's origin when there is no prior. */
  readonly components: readonly (readonly number[])[];
}

export interface NewtonOutcome {
  readonly x: Float64Array;
  readonly value: number;
  readonly converged: boolean;
  readonly iterations: number;
}

const MAX_STEP_HALVINGS = 40;

/**
 * A concave function to maximise: its value at x, and when `gradient` and `negativeHessian` are
 * given, its gradient and negated Hessian (row-major) written into them.
 */
export type ConcaveObjective = (
  x: Float64Array,
  gradient?: Float64Array,
  negativeHessian?: Float64Array,
) => number;

/** maximizeConcave on a Bradley-Terry / Davidson log-posterior. */
export function maximizePosterior(
  model: PosteriorModel,
  start: Float64Array,
  settings: NewtonSettings,
): NewtonOutcome {
  const size = parameterCount(model);
  const from = new Float64Array(size);
  from.set(start.subarray(0, size));
  return maximizeConcave(
    (x, gradient, negativeHessian) => evaluatePosterior(model, x, gradient, negativeHessian),
    from,
    { ...settings, gaugeFree: model.priorPrecision === 0 },
  );
}

/**
 * Maximises a concave objective (a log-posterior) by Newton's method with step halving, from
 * `start` (not modified; its length is the number of parameters, policies first). Without a
 * prior (`settings.gaugeFree`) the likelihood is flat along "add c to every strength of one
 * component"; the origin is then fixed by a rank-one term per component in the Hessian and by
 * recentring each component, neither of which changes the maximised likelihood.
 */
export function maximizeConcave(
  objective: ConcaveObjective,
  start: Float64Array,
  settings: NewtonSettings & { readonly gaugeFree: boolean },
): NewtonOutcome {
  const size = start.length;
  const gaugeFree = settings.gaugeFree;
  const x = Float64Array.from(start);
  if (gaugeFree) recentre(x, settings.components);
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const candidate = new Float64Array(size);
  let value = objective(x, gradient, hessian);

  for (let iteration = 1; iteration <= settings.maxIterations; iteration++) {
    if (gaugeFree) addGauge(hessian, size, settings.components);
    const step = newtonStep(hessian, gradient, size);
    const stepSize = maxAbs(step);
    // Near the optimum the change in value drowns in rounding, so it cannot judge the step;
    // allow a decrease at that level (a truly bad step loses far more).
    const slack = 1e-12 * (1 + Math.abs(value));
    let scale = 1;
    for (let halving = 0; ; halving++) {
      for (let p = 0; p < size; p++) candidate[p] = (x[p] ?? 0) + scale * (step[p] ?? 0);
      if (stepSize < settings.tolerance) break;
      if (objective(candidate) >= value - slack) break;
      if (halving === MAX_STEP_HALVINGS)
        return { x, value, converged: false, iterations: iteration };
      scale /= 2;
    }
    x.set(candidate);
    if (gaugeFree) recentre(x, settings.components);
    value = objective(x, gradient, hessian);
    // A full Newton step this small leaves an error of order its square: converged.
    if (stepSize < settings.tolerance) return { x, value, converged: true, iterations: iteration };
  }
  return { x, value, converged: false, iterations: settings.maxIterations };
}

/** Solves H·step = gradient, adding a growing ridge if H is numerically singular. */
function newtonStep(hessian: Float64Array, gradient: Float64Array, size: number): Float64Array {
  let largestDiagonal = 0;
  for (let p = 0; p < size; p++) {
    largestDiagonal = Math.max(largestDiagonal, hessian[p * size + p] ?? 0);
  }
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-12 * (1 + largestDiagonal) : ridge * 100) {
    const matrix = Float64Array.from(hessian);
    for (let p = 0; p < size; p++) matrix[p * size + p] = (matrix[p * size + p] ?? 0) + ridge;
    const step = Float64Array.from(gradient);
    try {
      solvePositiveDefinite(matrix, step, size);
      return step;
    } catch (error) {
      if (!(error instanceof NotPositiveDefiniteError) || ridge > largestDiagonal + 1) throw error;
    }
  }
}

function addGauge(hessian: Float64Array, size: number, components: readonly (readonly number[])[]) {
  // Adding (1/|c|)·1_c·1_c^T per component makes the matrix definite without biasing the step
  // (the gradient of a translation-invariant likelihood is orthogonal to 1_c).
  for (const component of components) {
    const weight = 1 / component.length;
    for (const r of component) {
      for (const c of component) hessian[r * size + c] = (hessian[r * size + c] ?? 0) + weight;
    }
  }
}

function recentre(x: Float64Array, components: readonly (readonly number[])[]): void {
  for (const component of components) {
    let mean = 0;
    for (const i of component) mean += (x[i] ?? 0) / component.length;
    for (const i of component) x[i] = (x[i] ?? 0) - mean;
  }
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  return largest;
}

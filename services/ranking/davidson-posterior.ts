import type { PairCounts } from './types.ts';

/**
 * The objective every fit maximises: Davidson's log-likelihood plus a Gaussian log-prior.
 *
 * Parameters x = (theta_0 .. theta_{n-1}[, phi]) with theta the natural-log strengths and
 * phi = log(nu). For a pair (i, j), with D = e^theta_i + e^theta_j + e^(phi + (theta_i+theta_j)/2):
 * P(i wins) = e^theta_i / D, P(tie) = e^(phi + (theta_i+theta_j)/2) / D. Without phi (no ties, or
 * ties already split into half wins) this is plain Bradley-Terry.
 */
export interface PosteriorModel {
  readonly counts: PairCounts;
  /** Whether x carries phi as its last entry. */
  readonly hasTieParameter: boolean;
  /** lambda in -(lambda/2)·|x|^2. */
  readonly priorPrecision: number;
}

export function parameterCount(model: PosteriorModel): number {
  return model.counts.policies.length + (model.hasTieParameter ? 1 : 0);
}

/**
 * Log-posterior at x (up to a constant). When `gradient` and `negativeHessian` are given they
 * are overwritten with the gradient and the negated Hessian (row-major), which is positive
 * semi-definite: the log-likelihood is linear terms minus n·log-sum-exp of linear forms, hence
 * jointly concave in (theta, phi), which is what makes a damped Newton method safe.
 */
export function evaluatePosterior(
  model: PosteriorModel,
  x: Float64Array,
  gradient?: Float64Array,
  negativeHessian?: Float64Array,
): number {
  const { counts, hasTieParameter, priorPrecision } = model;
  const size = parameterCount(model);
  const tieIndex = counts.policies.length;
  const phi = hasTieParameter ? (x[tieIndex] ?? 0) : 0;
  const withDerivatives = gradient !== undefined && negativeHessian !== undefined;
  if (withDerivatives) {
    gradient.fill(0);
    negativeHessian.fill(0);
  }
  let value = 0;
  for (let k = 0; k < counts.first.length; k++) {
    const i = counts.first[k] ?? 0;
    const j = counts.second[k] ?? 0;
    const iWins = counts.firstWins[k] ?? 0;
    const jWins = counts.secondWins[k] ?? 0;
    const ties = hasTieParameter ? (counts.ties[k] ?? 0) : 0;
    const total = iWins + jWins + ties;
    if (total === 0) continue;
    const ui = x[i] ?? 0;
    const uj = x[j] ?? 0;
    const ut = hasTieParameter ? phi + 0.5 * (ui + uj) : -Infinity;
    // Log-sum-exp shifted by the maximum so that far-apart strengths cannot overflow.
    const shift = Math.max(ui, uj, ut);
    const ei = Math.exp(ui - shift);
    const ej = Math.exp(uj - shift);
    const et = hasTieParameter ? Math.exp(ut - shift) : 0;
    const sum = ei + ej + et;
    value += iWins * ui + jWins * uj + (ties > 0 ? ties * ut : 0) - total * (shift + Math.log(sum));
    if (!withDerivatives) continue;

    const pi = ei / sum;
    const pj = ej / sum;
    const pt = et / sum;
    // E[d u / d x] under the model: the gradient of log D.
    const gi = pi + 0.5 * pt;
    const gj = pj + 0.5 * pt;
    gradient[i] = (gradient[i] ?? 0) + iWins + 0.5 * ties - total * gi;
    gradient[j] = (gradient[j] ?? 0) + jWins + 0.5 * ties - total * gj;
    // Hessian of log D = E[u u^T] - g g^T over the three outcomes' linear forms.
    addSymmetric(negativeHessian, size, i, i, total * (pi + 0.25 * pt - gi * gi));
    addSymmetric(negativeHessian, size, j, j, total * (pj + 0.25 * pt - gj * gj));
    addSymmetric(negativeHessian, size, i, j, total * (0.25 * pt - gi * gj));
    if (hasTieParameter) {
      gradient[tieIndex] = (gradient[tieIndex] ?? 0) + ties - total * pt;
      addSymmetric(negativeHessian, size, tieIndex, tieIndex, total * (pt - pt * pt));
      addSymmetric(negativeHessian, size, i, tieIndex, total * (0.5 * pt - gi * pt));
      addSymmetric(negativeHessian, size, j, tieIndex, total * (0.5 * pt - gj * pt));
    }
  }
  for (let p = 0; p < size; p++) {
    const xp = x[p] ?? 0;
    value -= 0.5 * priorPrecision * xp * xp;
    if (!withDerivatives) continue;
    gradient[p] = (gradient[p] ?? 0) - priorPrecision * xp;
    negativeHessian[p * size + p] = (negativeHessian[p * size + p] ?? 0) + priorPrecision;
  }
  return value;
}

/** Adds v to entries (r, c) and (c, r) once each (once in total on the diagonal). */
function addSymmetric(matrix: Float64Array, size: number, r: number, c: number, v: number): void {
  matrix[r * size + c] = (matrix[r * size + c] ?? 0) + v;
  if (r !== c) matrix[c * size + r] = (matrix[c * size + r] ?? 0) + v;
}

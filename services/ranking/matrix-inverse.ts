import { NotPositiveDefiniteError } from './linear-algebra.ts';

/**
 * The inverse of a symmetric positive-definite matrix (row-major, n×n), by one Cholesky
 * factorisation and n triangular solves; `matrix` is left unchanged. Covariances need the whole
 * inverse, not one solve. Throws NotPositiveDefiniteError when a pivot is not positive.
 */
export function invertPositiveDefinite(matrix: Float64Array, n: number): Float64Array {
  const factor = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) pivot -= (factor[j * n + k] ?? 0) ** 2;
    if (!(pivot > 0)) throw new NotPositiveDefiniteError(`pivot ${j} is ${pivot}`);
    const diagonal = Math.sqrt(pivot);
    factor[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (factor[i * n + k] ?? 0) * (factor[j * n + k] ?? 0);
      factor[i * n + j] = sum / diagonal;
    }
  }
  // L^-1 by forward substitution, then A^-1 = L^-T L^-1.
  const lowerInverse = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = c; k < i; k++) sum -= (factor[i * n + k] ?? 0) * (lowerInverse[k * n + c] ?? 0);
      lowerInverse[i * n + c] = sum / (factor[i * n + i] ?? 1);
    }
  }
  const inverse = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = r; c < n; c++) {
      let sum = 0;
      for (let k = c; k < n; k++)
        sum += (lowerInverse[k * n + r] ?? 0) * (lowerInverse[k * n + c] ?? 0);
      inverse[r * n + c] = sum;
      inverse[c * n + r] = sum;
    }
  }
  return inverse;
}

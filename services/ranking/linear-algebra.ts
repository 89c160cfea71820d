/** The matrix was not numerically positive definite, so Cholesky factorisation failed. */
export class NotPositiveDefiniteError extends Error {
  override readonly name = 'NotPositiveDefiniteError';
}

/**
 * Solves A x = b for a symmetric positive-definite A (row-major, size n×n) by Cholesky
 * factorisation. `matrix` is overwritten with its factor; `rhs` is overwritten with x.
 * Throws NotPositiveDefiniteError when a pivot is not positive.
 */
export function solvePositiveDefinite(matrix: Float64Array, rhs: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) pivot -= (matrix[j * n + k] ?? 0) ** 2;
    if (!(pivot > 0)) throw new NotPositiveDefiniteError(`pivot ${j} is ${pivot}`);
    const diagonal = Math.sqrt(pivot);
    matrix[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (matrix[i * n + k] ?? 0) * (matrix[j * n + k] ?? 0);
      matrix[i * n + j] = sum / diagonal;
    }
  }
  // Forward substitution with L, then back substitution with L^T.
  for (let i = 0; i < n; i++) {
    let sum = rhs[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (matrix[i * n + k] ?? 0) * (rhs[k] ?? 0);
    rhs[i] = sum / (matrix[i * n + i] ?? 1);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = rhs[i] ?? 0;
    for (let k = i + 1; k < n; k++) sum -= (matrix[k * n + i] ?? 0) * (rhs[k] ?? 0);
    rhs[i] = sum / (matrix[i * n + i] ?? 1);
  }
}

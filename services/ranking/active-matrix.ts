/**
 * Inverse of a symmetric positive-definite matrix (row-major n×n) by Gauss-Jordan elimination
 * with partial pivoting; `matrix` is left unchanged. O(n³): the selector's one factorisation per
 * batch. Throws RangeError when the matrix is numerically singular.
 */
export function invertSymmetric(matrix: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inverse[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r * n + col] ?? 0) > Math.abs(a[pivotRow * n + col] ?? 0)) pivotRow = r;
    }
    const pivot = a[pivotRow * n + col] ?? 0;
    if (!(Math.abs(pivot) > 1e-300)) throw new RangeError('matrix is singular');
    if (pivotRow !== col) {
      for (let c = 0; c < n; c++) {
        swap(a, col * n + c, pivotRow * n + c);
        swap(inverse, col * n + c, pivotRow * n + c);
      }
    }
    for (let c = 0; c < n; c++) {
      a[col * n + c] = (a[col * n + c] ?? 0) / pivot;
      inverse[col * n + c] = (inverse[col * n + c] ?? 0) / pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col] ?? 0;
      if (f === 0) continue;
      for (let c = 0; c < n; c++) {
        a[r * n + c] = (a[r * n + c] ?? 0) - f * (a[col * n + c] ?? 0);
        inverse[r * n + c] = (inverse[r * n + c] ?? 0) - f * (inverse[col * n + c] ?? 0);
      }
    }
  }
  return inverse;
}

function swap(values: Float64Array, x: number, y: number): void {
  const t = values[x] ?? 0;
  values[x] = values[y] ?? 0;
  values[y] = t;
}
